import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { viewerForPage } from "@/lib/server/auth/viewer";
import { customerForEdit } from "@/lib/server/customers/edit-form";
import { isAppError } from "@/lib/server/errors";
import { updateCustomerAction } from "../../actions";
import { CustomerForm } from "../../_components/customer-form";

export const metadata: Metadata = { title: "Edit customer" };

export default async function EditCustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await viewerForPage("/customers/[id]/edit");
  const { id } = await params;
  const { customer, prefill } = await customerForEdit(viewer, id).catch((err) => {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  });
  const f = customer.fields;
  // Hints for the blank fields: the value as this editor sees it (masked), never the stored one.
  const masked = {
    fullName: f.fullName.value ?? "",
    email: f.email.value ?? "",
    phone: f.phone.value ?? "",
    dateOfBirth: f.dateOfBirth.value ?? "",
    nationalId: f.nationalId.value ?? "",
    pan: f.pan.value ?? "",
    iban: f.iban.value ?? "",
    addressLine: f.address.value ?? "",
  };
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title={`Edit ${f.fullName.value ?? "customer"}`} />
      <Card title="Change details">
        <CustomerForm
          mode="edit"
          prefill={prefill}
          masked={masked}
          cancelHref={`/customers/${customer.id}`}
          submit={updateCustomerAction.bind(null, customer.id)}
        />
      </Card>
    </div>
  );
}
