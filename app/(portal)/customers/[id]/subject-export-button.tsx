"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { DialogForm } from "@/components/ui/dialog-form";
import { TextField } from "@/components/ui/field";
import { Modal } from "@/components/ui/modal";
import { useToast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/schemas/action";
import { stepUpAction } from "../../account/actions";
import { stepUpDeclined, useStepUp } from "../../_components/step-up";

const CASE_REF = /^[A-Z0-9-]{3,32}$/;

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
  const stepUp = useStepUp(stepUpAction);
  const [open, setOpen] = useState(false);
  const [caseRef, setCaseRef] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function close(next: boolean) {
    if (!next && stepUp.asking) return stepUp.cancel();
    setOpen(next);
    if (!next) {
      setError(null);
      setCaseRef("");
    }
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    const r = await stepUp.run(() => postExport({ customerId, caseRef }));
    setBusy(false);
    if (stepUpDeclined(r)) return;
    if (!r.ok) return setError(r.message);
    const url = URL.createObjectURL(r.data);
    const a = document.createElement("a");
    a.href = url;
    a.download = `subject-access-${customerId}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    close(false);
    toast("Export downloaded", {
      description: "The export was recorded under the case reference.",
    });
  }

  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Export personal data
      </Button>
      <Modal
        open={open}
        onOpenChange={close}
        title="Export this customer’s personal data"
        description="A subject access request (GDPR art. 15): every field in full and who accessed the record, as a JSON file. The export is recorded."
      >
        <DialogForm
          onSubmit={submit}
          error={error}
          interrupt={stepUp.panel}
          submit={{
            label: "Export",
            busyLabel: "Exporting…",
            busy,
            disabled: !CASE_REF.test(caseRef.trim()),
          }}
        >
          <TextField
            id="subject-export-case"
            label="Case reference"
            value={caseRef}
            required
            onChange={(e) => setCaseRef(e.target.value.toUpperCase())}
            hint="The access request’s case number, e.g. DSAR-1042: letters, digits and dashes."
            autoComplete="off"
            maxLength={32}
          />
        </DialogForm>
      </Modal>
    </>
  );
}
