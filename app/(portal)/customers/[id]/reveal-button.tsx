"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { DialogForm } from "@/components/ui/dialog-form";
import { Modal } from "@/components/ui/modal";
import { useToast } from "@/components/ui/toaster";
import { fieldLabel } from "@/lib/fields/catalogue";
import { REVEAL_PURPOSES, type RevealPurpose } from "@/lib/policy/field-policy";
import type { ActionResult } from "@/lib/schemas/action";
import { stepUpAction } from "../../account/actions";
import { stepUpDeclined, useStepUp } from "../../_components/step-up";
import { requestRevealAction } from "../actions";

type Revealed = { value: string; until: number };
const CASE_REF = /^[A-Z0-9-]{3,32}$/;

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

/**
 * The masked value, and for officers a Reveal that asks for a purpose and case, re-masking after
 * 30 s. Four-eyes fields (`approval` set) first ask a second officer: the row then says the
 * request is waiting, and offers Reveal once it is approved.
 */
export function RevealButton({
  customerId,
  mono,
  field,
  masked,
  approval,
}: {
  customerId: string;
  mono: boolean;
  field: string;
  masked: string;
  approval?: "needed" | "pending" | "approved";
}) {
  const router = useRouter();
  const toast = useToast();
  const stepUp = useStepUp(stepUpAction);
  const [open, setOpen] = useState(false);
  const [purpose, setPurpose] = useState<RevealPurpose | "">("");
  const [caseRef, setCaseRef] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const requestOnly = approval === "needed";
  const label = fieldLabel(field);
  const noun = fieldLabel(field, true);

  useEffect(() => {
    if (!revealed) return;
    const t = setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= revealed.until) setRevealed(null);
    }, 250);
    return () => clearInterval(t);
  }, [revealed]);

  function close(next: boolean) {
    if (!next && stepUp.asking) return stepUp.cancel();
    setOpen(next);
    if (!next) {
      setError(null);
      setPurpose("");
      setCaseRef("");
    }
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    const body = { customerId, field, purpose, caseRef };
    if (requestOnly) {
      const r = await stepUp.run(() => requestRevealAction(body));
      setBusy(false);
      if (stepUpDeclined(r)) return;
      if (!r.ok) return setError(r.message);
      close(false);
      toast("Approval requested", {
        description: "Another officer decides it on the Approvals page.",
      });
      router.refresh(); // the row now says the request is waiting
      return;
    }
    const r = await stepUp.run(() => postReveal(body));
    setBusy(false);
    if (stepUpDeclined(r)) return;
    if (!r.ok) return setError(r.message);
    close(false);
    setRevealed({ value: r.data.value, until: Date.now() + r.data.visibleForSeconds * 1000 });
    setNow(Date.now());
    // A four-eyes approval is spent by this reveal: the row goes back to "Request reveal".
    if (approval === "approved") router.refresh();
  }

  const secondsLeft = revealed ? Math.max(0, Math.ceil((revealed.until - now) / 1000)) : 0;
  return (
    <>
      <span
        className={`min-w-0 break-all ${mono ? "font-mono text-[0.9em]" : ""} ${revealed ? "rounded bg-amber-50 px-1.5 py-0.5 text-amber-900" : ""}`}
        aria-live="polite"
      >
        {revealed ? revealed.value : masked}
      </span>
      <span className="flex shrink-0 items-center gap-2">
        {revealed ? (
          <>
            <span className="text-xs tabular-nums text-slate-500">Hides in {secondsLeft}s</span>
            <Button size="sm" variant="secondary" onClick={() => setRevealed(null)}>
              Hide
            </Button>
          </>
        ) : approval === "pending" ? (
          <Badge tone="amber">Waiting for approval</Badge>
        ) : (
          <Button
            size="sm"
            variant="secondary"
            onClick={() => setOpen(true)}
            aria-label={`${requestOnly ? "Request reveal of" : "Reveal"} ${label}`}
          >
            {requestOnly
              ? "Request reveal"
              : approval === "approved"
                ? "Reveal (approved)"
                : "Reveal"}
          </Button>
        )}
      </span>
      <Modal
        open={open}
        onOpenChange={close}
        title={requestOnly ? `Ask to reveal the ${noun}` : `Reveal the ${noun}`}
        description={
          requestOnly
            ? `The full ${noun} needs a second officer’s approval. Once approved you may reveal it once, within an hour.`
            : "The value shows for 30 seconds. Your reason is recorded and counts against your daily budget."
        }
      >
        <DialogForm
          onSubmit={submit}
          error={error}
          interrupt={stepUp.panel}
          submit={{
            label: requestOnly ? "Send request" : "Reveal",
            busyLabel: "Working…",
            busy,
            disabled: !purpose || !CASE_REF.test(caseRef.trim()),
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
          <TextField
            id={`case-ref-${field}`}
            label="Case reference"
            value={caseRef}
            required
            onChange={(e) => setCaseRef(e.target.value.toUpperCase())}
            hint={
              approval
                ? "The case or ticket number, e.g. CB-2201. An approval covers this purpose and case only."
                : "The case or ticket number, e.g. CASE-4411: letters, digits and dashes, no names."
            }
            autoComplete="off"
            maxLength={32}
          />
        </DialogForm>
      </Modal>
    </>
  );
}
