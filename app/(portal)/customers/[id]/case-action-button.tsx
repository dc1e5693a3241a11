"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { DialogForm } from "@/components/ui/dialog-form";
import { TextField } from "@/components/ui/field";
import { Modal } from "@/components/ui/modal";
import type { ActionResult } from "@/lib/schemas/action";
import { stepUpAction } from "../../account/actions";
import { stepUpDeclined, useStepUp } from "../../_components/step-up";

const CASE_REF = /^[A-Z0-9-]{3,32}$/;

/**
 * A GDPR action taken under a request on file: a dialog asks for the case reference, the identity
 * check opens inside it when needed, and `onDone` runs with the server's answer.
 */
export function CaseActionButton<T>({
  id,
  label,
  title,
  description,
  submit,
  busyLabel,
  hint,
  tone,
  act,
  onDone,
}: {
  id: string;
  label: string;
  title: string;
  description: string;
  submit: string;
  busyLabel: string;
  hint: string;
  tone?: "danger";
  act: (caseRef: string) => Promise<ActionResult<T>>;
  onDone: (data: T) => void;
}) {
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

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    const r = await stepUp.run(() => act(caseRef.trim()));
    setBusy(false);
    if (stepUpDeclined(r)) return;
    if (!r.ok) return setError(r.message);
    close(false);
    onDone(r.data);
  }

  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Modal open={open} onOpenChange={close} title={title} description={description}>
        <DialogForm
          onSubmit={onSubmit}
          error={error}
          interrupt={stepUp.panel}
          submit={{
            label: submit,
            busyLabel,
            busy,
            tone,
            disabled: !CASE_REF.test(caseRef.trim()),
          }}
        >
          <TextField
            id={id}
            label="Case reference"
            value={caseRef}
            required
            onChange={(e) => setCaseRef(e.target.value.toUpperCase())}
            hint={hint}
            autoComplete="off"
            maxLength={32}
          />
        </DialogForm>
      </Modal>
    </>
  );
}
