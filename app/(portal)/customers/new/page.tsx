import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/policy/capabilities";
import { viewerOrRedirect } from "@/lib/server/auth/viewer";
import { createCustomerAction } from "../actions";
import { CustomerForm } from "../_components/customer-form";

export const metadata: Metadata = { title: "New customer" };

export default async function NewCustomerPage() {
  const viewer = await viewerOrRedirect();
  if (!can(viewer, "customers.write")) notFound();
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title="New customer"
        description="Every value is encrypted before it is stored."
      />
      <Card title="Customer details">
        <CustomerForm mode="create" cancelHref="/customers" submit={createCustomerAction} />
      </Card>
    </div>
  );
}
