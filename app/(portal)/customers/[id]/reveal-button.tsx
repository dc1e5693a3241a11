"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DialogForm } from "@/components/ui/dialog-form";
import { SelectField } from "@/components/ui/field";
import { Modal } from "@/components/ui/modal";
import { useToast } from "@/components/ui/toaster";
import { fieldLabel } from "@/lib/fields/catalogue";
import { REVEAL_PURPOSES, type RevealPurpose } from "@/lib/policy/field-policy";
import type { ActionResult } from "@/lib/schemas/action";
import { CaseRefField, caseRefReady } from "../../_components/case-ref-field";
import { withFreshStepUp } from "../../_components/step-up-clock";
import { useStepUpDialog } from "../../_components/step-up-dialog";
import { requestRevealAction } from "../actions";
import { groupInFours } from "@/lib/masking/fields";
import { useRevealed } from "./use-revealed";

type Approval = "needed" | "pending" | "approved";

async function postReveal(
  body: object,
): Promise<ActionResult<{ value: string; visibleForSeconds: number }>> {
  const res = await fetch("/api/reveal", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    cache: "no-store",
  });
  const json = await res.json().catch(() => ({}));
  if (res.ok) return { ok: true, data: json };
  return { ok: false, code: json.code ?? "INTERNAL", message: json.detail ?? "The reveal failed." };
}

function RevealTrigger({
  approval,
  label,
  onOpen,
}: {
  approval?: Approval;
  label: string;
  onOpen: () => void;
}) {
  if (approval === "pending") return <Badge tone="amber">Waiting for approval</Badge>;
  const requestOnly = approval === "needed";
  return (
    <Button
      size="sm"
      variant="secondary"
      onClick={onOpen}
      aria-label={`${requestOnly ? "Request reveal of" : "Reveal"} ${label}`}
    >
      {requestOnly ? "Request reveal" : approval === "approved" ? "Reveal (approved)" : "Reveal"}
    </Button>
  );
}

/**
 * The masked value, and for officers a Reveal that asks for a purpose and case, re-masking after
 * 30 s. Four-eyes fields (`approval` set) first ask a second officer: the row then says the
 * request is waiting, and offers Reveal once it is approved.
 */
export function RevealButton({
  customerId,
  mono,
  grouped = false,
  field,
  masked,
  approval,
}: {
  customerId: string;
  mono: boolean;
  /** A card number or IBAN: shown in groups of four once revealed (and wrapped between them). */
  grouped?: boolean;
  field: string;
  masked: string;
  approval?: Approval;
}) {
  const router = useRouter();
  const toast = useToast();
  const [purpose, setPurpose] = useState<RevealPurpose | "">("");
  const [caseRef, setCaseRef] = useState("");
  const dialog = useStepUpDialog(() => {
    setPurpose("");
    setCaseRef("");
  });
  const revealed = useRevealed();
  const requestOnly = approval === "needed";
  const noun = fieldLabel(field, true);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const body = { customerId, field, purpose, caseRef };
    if (requestOnly) {
      if ((await dialog.run(() => requestRevealAction(body))) === undefined) return;
      dialog.close(false);
      toast("Approval requested", {
        description: "Another officer decides it on the Approvals page.",
      });
      router.refresh(); // the row now says the request is waiting
      return;
    }
    const r = await dialog.run(withFreshStepUp(() => postReveal(body)));
    if (!r) return;
    dialog.close(false);
    revealed.show(r.value, r.visibleForSeconds);
    // A four-eyes approval is spent by this reveal: the row goes back to "Request reveal".
    if (approval === "approved") router.refresh();
  }

  return (
    <>
      <span
        className={`min-w-0 ${grouped ? "break-words" : "break-all"} ${mono ? "font-mono text-[0.9em]" : ""} ${revealed.value ? "rounded bg-amber-50 px-1.5 py-0.5 text-amber-900" : ""}`}
        aria-live="polite"
      >
        {revealed.value ? (grouped ? groupInFours(revealed.value) : revealed.value) : masked}
      </span>
      <span className="flex shrink-0 items-center gap-2">
        {revealed.value ? (
          <>
            <span className="text-xs tabular-nums text-slate-500">
              Hides in {revealed.secondsLeft}s
            </span>
            <Button size="sm" variant="secondary" onClick={revealed.hide}>
              Hide
            </Button>
          </>
        ) : (
          <RevealTrigger approval={approval} label={fieldLabel(field)} onOpen={dialog.show} />
        )}
      </span>
      <Modal
        open={dialog.open}
        onOpenChange={dialog.close}
        title={requestOnly ? `Ask to reveal the ${noun}` : `Reveal the ${noun}`}
        description={
          requestOnly
            ? `The full ${noun} needs a second officer’s approval. Once approved you may reveal it once, within an hour.`
            : "The value shows for 30 seconds. Your reason is recorded and counts against your daily budget."
        }
      >
        <DialogForm
          onSubmit={submit}
          error={dialog.error}
          interrupt={dialog.panel}
          submit={{
            label: requestOnly ? "Send request" : "Reveal",
            busyLabel: "Working…",
            busy: dialog.busy,
            disabled: !purpose || !caseRefReady(caseRef),
          }}
        >
          <SelectField
            id={`purpose-${field}`}
            label="Purpose"
            value={purpose}
            required
            onChange={(e) => setPurpose(e.target.value as RevealPurpose)}
          >
            <option value="" disabled>
              Choose the purpose…
            </option>
            {Object.entries(REVEAL_PURPOSES).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </SelectField>
          <CaseRefField
            id={`case-ref-${field}`}
            value={caseRef}
            onChange={setCaseRef}
            hint={
              approval
                ? "The case or ticket number, e.g. CB-2201. An approval covers this purpose and case only."
                : "The case or ticket number, e.g. CASE-4411: letters, digits and dashes, no names."
            }
          />
        </DialogForm>
      </Modal>
    </>
  );
}
