"use client";
import { saveFile } from "@/components/browser/save-file";
import { useToast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/schemas/action";
import { withFreshStepUp } from "../../_components/step-up-clock";
import { CaseActionButton } from "./case-action-button";

async function postExport(body: object): Promise<ActionResult<Blob>> {
  const res = await fetch("/api/gdpr/export", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    cache: "no-store",
  });
  if (res.ok) return { ok: true, data: await res.blob() };
  const json = await res.json().catch(() => ({}));
  return { ok: false, code: json.code ?? "INTERNAL", message: json.detail ?? "The export failed." };
}

/** GDPR subject access: asks for the request's case reference, checks identity, downloads JSON. */
export function SubjectExportButton({ customerId }: { customerId: string }) {
  const toast = useToast();
  return (
    <CaseActionButton
      id="subject-export-case"
      label="Export personal data"
      title="Export this customer’s personal data"
      description="A subject access request (GDPR art. 15): the customer’s data and who accessed the record, as a JSON file. It counts as one reveal and is recorded. The full card number is included only if another officer approved its reveal under this case reference; otherwise it is masked and listed as withheld."
      submit="Export"
      busyLabel="Exporting…"
      hint="The access request’s case number, e.g. DSAR-1042: letters, digits and dashes."
      act={(caseRef) => withFreshStepUp(() => postExport({ customerId, caseRef }))()}
      onDone={(blob) => {
        saveFile(blob, `subject-access-${customerId}.json`);
        toast("Export downloaded", {
          description: "The export was recorded under the case reference.",
        });
      }}
    />
  );
}
