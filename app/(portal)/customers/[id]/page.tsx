import type { Metadata } from "next";
import { formatDay } from "@/lib/format/date-time";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { MaskedText } from "@/components/ui/masked-value";
import { PageHeader } from "@/components/ui/page-header";
import { CUSTOMER_FIELDS, FIELD_NAMES, isFourEyes, type FieldEntry } from "@/lib/fields/catalogue";
import { can } from "@/lib/policy/capabilities";
import { viewerOrRedirect } from "@/lib/server/auth/viewer";
import { getCustomer } from "@/lib/server/customers";
import { openRevealRequestFor } from "@/lib/server/customers/reveal-requests";
import { isAppError } from "@/lib/server/errors";
import { pendingErasureFor } from "@/lib/server/gdpr/erasure";
import { Badge } from "@/components/ui/badge";
import { AccessHistory } from "./access-history";
import { RevealButton } from "./reveal-button";
import { ErasureRequestButton } from "./erasure-request-button";
import { SubjectExportButton } from "./subject-export-button";

export const metadata: Metadata = { title: "Customer" };

export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await viewerOrRedirect();
  const { id } = await params;
  const customer = await getCustomer(viewer, id).catch((err) => {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  });
  // Four-eyes fields: where this officer's request stands (ask, waiting, or approved to use).
  const approvals = Object.fromEntries(
    await Promise.all(
      FIELD_NAMES.filter((f) => isFourEyes(f) && customer.fields[f].revealable).map(
        async (f) => [f, (await openRevealRequestFor(viewer, customer.id, f)) ?? "needed"] as const,
      ),
    ),
  );
  const mayRequestErasure = can(viewer, "gdpr.erase_request");
  const erasurePending = mayRequestErasure && (await pendingErasureFor(viewer, customer.id));
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/customers" className="text-brand-700 hover:underline">
          ← Customers
        </Link>
      </nav>
      <PageHeader
        title={customer.fields.fullName.value ?? "Customer"}
        description={`Customer since ${formatDay(customer.createdAt)}. This view was recorded.`}
        actions={
          <div className="flex flex-wrap gap-2">
            {can(viewer, "gdpr.export") ? <SubjectExportButton customerId={customer.id} /> : null}
            {erasurePending ? (
              <Link href="/approvals#erasures" className="self-center">
                <Badge tone="amber">Erasure requested</Badge>
              </Link>
            ) : mayRequestErasure ? (
              <ErasureRequestButton customerId={customer.id} />
            ) : null}
            {can(viewer, "customers.write") ? (
              <Link
                href={`/customers/${customer.id}/edit`}
                className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50"
              >
                Edit
              </Link>
            ) : null}
          </div>
        }
      />
      <dl className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm">
        {FIELD_NAMES.map((field) => {
          const value = customer.fields[field];
          const entry: FieldEntry = CUSTOMER_FIELDS[field];
          if (value.level === "hidden") return null;
          return (
            <div
              key={field}
              className="grid grid-cols-1 gap-1 px-5 py-3 sm:grid-cols-3 sm:items-center"
            >
              <dt className="text-sm font-medium text-slate-600">{entry.label}</dt>
              <dd className="flex items-center justify-between gap-4 sm:col-span-2">
                {value.revealable ? (
                  <RevealButton
                    customerId={customer.id}
                    field={field}
                    masked={value.value ?? ""}
                    approval={approvals[field]}
                    mono={Boolean(entry.numeric)}
                    grouped={entry.type === "pan" || entry.type === "iban"}
                  />
                ) : (
                  <MaskedText value={value} mono={Boolean(entry.numeric)} />
                )}
              </dd>
            </div>
          );
        })}
      </dl>
      {can(viewer, "audit.read_access") ? (
        <Suspense
          fallback={
            <p role="status" className="mt-8 text-sm text-slate-500">
              Loading access history…
            </p>
          }
        >
          <AccessHistory viewer={viewer} customerId={customer.id} />
        </Suspense>
      ) : null}
    </>
  );
}
