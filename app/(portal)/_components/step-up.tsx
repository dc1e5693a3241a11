"use client";
import { useCallback, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { Modal, ModalClose } from "@/components/ui/modal";
import { Notice } from "@/components/ui/notice";
import type { ActionResult } from "@/lib/schemas/action";

type StepUpAction = (input: { secret: string }) => Promise<ActionResult<null>>;

/**
 * Runs a sensitive server action; when the server answers STEP_UP_REQUIRED it asks for the
 * password or a TOTP code, proves it, and retries once.
 */
export function useStepUp(stepUpAction: StepUpAction) {
  const [open, setOpen] = useState(false);
  const [secret, setSecret] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The server says when only the current second factor will do (replacing 2FA, recovery codes).
  const [needsCode, setNeedsCode] = useState(false);
  const pending = useRef<{ resolve: (ok: boolean) => void } | null>(null);

  const run = useCallback(
    async <T,>(action: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> => {
      const first = await action();
      if (first.ok || first.code !== "STEP_UP_REQUIRED") return first;
      const confirmed = await new Promise<boolean>((resolve) => {
        pending.current = { resolve };
        setNeedsCode(/authenticator|recovery code/i.test(first.message));
        setSecret("");
        setError(null);
        setOpen(true);
      });
      return confirmed ? action() : first;
    },
    [],
  );

  async function confirm(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    const r = await stepUpAction({ secret });
    setBusy(false);
    if (!r.ok) {
      setError(r.message);
      return;
    }
    setOpen(false);
    pending.current?.resolve(true);
    pending.current = null;
  }

  function cancel(next: boolean) {
    if (next) return;
    setOpen(false);
    pending.current?.resolve(false);
    pending.current = null;
  }

  const dialog = (
    <Modal
      open={open}
      onOpenChange={cancel}
      title="Confirm it is you"
      description={
        needsCode
          ? "Enter a code from your current authenticator app, or one of your recovery codes."
          : "Enter your password or a code from your authenticator app. You will not be asked again for 5 minutes."
      }
    >
      <form onSubmit={confirm} className="mt-4 space-y-4">
        {error ? <Notice tone="error">{error}</Notice> : null}
        <TextField
          id="step-up-secret"
          label={needsCode ? "Authenticator or recovery code" : "Password or code"}
          type={needsCode ? "text" : "password"}
          autoComplete={needsCode ? "one-time-code" : "current-password"}
          autoFocus
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
        />
        <div className="flex justify-end gap-2">
          <ModalClose asChild>
            <Button type="button" variant="secondary">
              Cancel
            </Button>
          </ModalClose>
          <Button type="submit" disabled={busy || !secret}>
            {busy ? "Checking…" : "Confirm"}
          </Button>
        </div>
      </form>
    </Modal>
  );

  return { run, dialog };
}
