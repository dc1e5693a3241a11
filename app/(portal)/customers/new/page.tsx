import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { viewerForPage } from "@/lib/server/auth/viewer";
import { createCustomerAction } from "../actions";
import { CustomerForm } from "../_components/customer-form";

export const metadata: Metadata = { title: "New customer" };

export default async function NewCustomerPage() {
  await viewerForPage("/customers/new");
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
