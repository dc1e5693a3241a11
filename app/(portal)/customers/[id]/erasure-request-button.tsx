"use client";
import { useRouter } from "next/navigation";
import { useToast } from "@/components/ui/toaster";
import { requestErasureAction } from "../actions";
import { CaseActionButton } from "./case-action-button";

/** GDPR erasure, step one: an officer asks; another officer or an admin approves (and erases). */
export function ErasureRequestButton({ customerId }: { customerId: string }) {
  const toast = useToast();
  const router = useRouter();
  return (
    <CaseActionButton
      id="erasure-case"
      label="Request erasure"
      title="Request erasure of this customer"
      description="A right-to-erasure request (GDPR art. 17). Once another officer or an admin approves it, the customer’s data key and every encrypted field are deleted for good. The request is recorded."
      submit="Request erasure"
      busyLabel="Requesting…"
      tone="danger"
      hint="The erasure request’s case number, e.g. ERASE-2024-17: letters, digits and dashes."
      act={(caseRef) => requestErasureAction({ customerId, caseRef })}
      onDone={() => {
        toast("Erasure requested", {
          description: "Another officer or an admin must approve it on the Approvals page.",
        });
        router.refresh();
      }}
    />
  );
}
