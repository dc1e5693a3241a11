import type { Metadata } from "next";
import Link from "next/link";
import { CustomersTable } from "@/components/customers-table";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { can } from "@/lib/policy/capabilities";
import { levelFor, policySubject } from "@/lib/policy/field-policy";
import { viewerOrRedirect } from "@/lib/server/auth/viewer";
import { listCustomers, searchModesFor } from "@/lib/server/customers";
import { CustomerSearch } from "../_components/customer-search";

export const metadata: Metadata = { title: "Customers" };

export default async function CustomersPage({
  searchParams,
}: {
  searchParams: Promise<{ page?: string }>;
}) {
  const viewer = await viewerOrRedirect();
  const page = Math.min(
    100_000,
    Math.max(1, Number.parseInt((await searchParams).page ?? "1", 10) || 1),
  );
  const { rows, total, pageSize } = await listCustomers(viewer, { page, pageSize: 25 });
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const canCreate = can(viewer, "customers.write");
  const pseudonymous = levelFor(policySubject(viewer), "fullName") === "token";
  return (
    <>
      <PageHeader
        title="Customers"
        description={
          pseudonymous
            ? "Pseudonymous view: tokens and generalised values only."
            : "Values are masked for your role. Every view is recorded."
        }
        actions={
          canCreate ? (
            <Link
              href="/customers/new"
              className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700"
            >
              New customer
            </Link>
          ) : null
        }
      />
      <CustomerSearch modes={searchModesFor(viewer)}>
        <CustomersTable
          rows={rows}
          caption={`Customers, page ${page} of ${pages}`}
          empty={
            canCreate ? (
              <>
                No customers yet.{" "}
                <Link className="text-brand-700 underline" href="/customers/new">
                  Add the first one
                </Link>
                .
              </>
            ) : (
              "No customers yet."
            )
          }
        />
        <Pagination
          page={page}
          pages={pages}
          summary={`${total.toLocaleString("en-GB")} customers`}
          href={(p) => `/customers?page=${p}`}
        />
      </CustomerSearch>
    </>
  );
}
