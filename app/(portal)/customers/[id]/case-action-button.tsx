"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { DialogForm } from "@/components/ui/dialog-form";
import { Modal } from "@/components/ui/modal";
import type { ActionResult } from "@/lib/schemas/action";
import { CaseRefField, caseRefReady } from "../../_components/case-ref-field";
import { useStepUpDialog } from "../../_components/step-up-dialog";

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
  const [caseRef, setCaseRef] = useState("");
  const dialog = useStepUpDialog(() => setCaseRef(""));

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    const data = await dialog.run(() => act(caseRef.trim()));
    if (data === undefined) return;
    dialog.close(false);
    onDone(data);
  }

  return (
    <>
      <Button variant="secondary" onClick={dialog.show}>
        {label}
      </Button>
      <Modal open={dialog.open} onOpenChange={dialog.close} title={title} description={description}>
        <DialogForm
          onSubmit={onSubmit}
          error={dialog.error}
          interrupt={dialog.panel}
          submit={{
            label: submit,
            busyLabel,
            busy: dialog.busy,
            tone,
            disabled: !caseRefReady(caseRef),
          }}
        >
          <CaseRefField id={id} value={caseRef} onChange={setCaseRef} hint={hint} />
        </DialogForm>
      </Modal>
    </>
  );
}
