"use client";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { Modal, ModalClose } from "@/components/ui/modal";
import { Notice } from "@/components/ui/notice";
import { REVEAL_PURPOSES, type RevealPurpose } from "@/lib/policy/field-policy";
import type { ActionResult } from "@/lib/schemas/action";
import { stepUpAction } from "../../account/actions";
import { useStepUp } from "../../_components/step-up";
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

/** The masked value, and for officers a Reveal that asks for a purpose, re-masking after 30 s. */
export function RevealButton({
  customerId,
  mono,
  field,
  label,
  masked,
  needsApproval,
  approved,
}: {
  customerId: string;
  mono: boolean;
  field: string;
  label: string;
  masked: string;
  needsApproval: boolean;
  approved: boolean;
}) {
  const { run, dialog } = useStepUp(stepUpAction);
  const [open, setOpen] = useState(false);
  const [purpose, setPurpose] = useState<RevealPurpose>("customer_request");
  const [caseRef, setCaseRef] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const requestOnly = needsApproval && !approved;

  useEffect(() => {
    if (!revealed) return;
    const t = setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= revealed.until) setRevealed(null);
    }, 250);
    return () => clearInterval(t);
  }, [revealed]);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    const body = { customerId, field, purpose, caseRef };
    if (requestOnly) {
      const r = await run(() => requestRevealAction(body));
      if (!r.ok) return setError(r.message);
      setOpen(false);
      setNotice("Approval requested. Another officer must approve it on the Approvals page.");
      return;
    }
    const r = await run(() => postReveal(body));
    if (!r.ok) return setError(r.message);
    setOpen(false);
    setCaseRef("");
    setRevealed({ value: r.data.value, until: Date.now() + r.data.visibleForSeconds * 1000 });
    setNow(Date.now());
  }

  const secondsLeft = revealed ? Math.max(0, Math.ceil((revealed.until - now) / 1000)) : 0;
  return (
    <>
      {dialog}
      <span
        className={`${mono ? "font-mono text-[0.9em]" : ""} ${revealed ? "rounded bg-amber-50 px-1.5 py-0.5 text-amber-900" : ""}`}
        aria-live="polite"
      >
        {revealed ? revealed.value : masked}
      </span>
      <span className="flex shrink-0 items-center gap-2">
        {revealed ? (
          <>
            <span className="text-xs text-slate-500">Hides in {secondsLeft}s</span>
            <Button size="sm" variant="secondary" onClick={() => setRevealed(null)}>
              Hide
            </Button>
          </>
        ) : (
          <Button
            size="sm"
            variant="secondary"
            onClick={() => setOpen(true)}
            aria-label={`${requestOnly ? "Request reveal of" : "Reveal"} ${label}`}
          >
            {requestOnly ? "Request reveal" : "Reveal"}
          </Button>
        )}
      </span>
      {notice ? (
        <Notice tone="info" className="col-span-full mt-2 text-xs">
          {notice}
        </Notice>
      ) : null}
      <Modal
        open={open}
        onOpenChange={setOpen}
        title={
          requestOnly ? `Request to reveal ${label.toLowerCase()}` : `Reveal ${label.toLowerCase()}`
        }
        description={
          requestOnly
            ? "Full card numbers need a second officer’s approval."
            : "The value shows for 30 seconds. Your reason is recorded and counts against your daily budget."
        }
      >
        <form onSubmit={submit} className="mt-4 space-y-3">
          {error ? <Notice tone="error">{error}</Notice> : null}
          <SelectField
            id={`purpose-${field}`}
            label="Purpose"
            value={purpose}
            onChange={(e) => setPurpose(e.target.value as RevealPurpose)}
          >
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
            onChange={(e) => setCaseRef(e.target.value.toUpperCase())}
            hint={
              needsApproval
                ? "The case or ticket number, e.g. CB-2201. An approval covers this purpose and case only."
                : "The case or ticket number, e.g. CASE-4411: letters, digits and dashes, no names."
            }
            autoComplete="off"
            maxLength={32}
          />
          <div className="flex justify-end gap-2 pt-1">
            <ModalClose asChild>
              <Button type="button" variant="secondary">
                Cancel
              </Button>
            </ModalClose>
            <Button type="submit" disabled={!CASE_REF.test(caseRef.trim())}>
              {requestOnly ? "Send request" : "Reveal"}
            </Button>
          </div>
        </form>
      </Modal>
    </>
  );
}
