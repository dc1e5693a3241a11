"use client";
import { useCallback, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { Modal } from "@/components/ui/modal";
import { Notice } from "@/components/ui/notice";
import type { ActionResult } from "@/lib/schemas/action";
import { askForPasskey } from "@/components/passkeys/ceremony";
import { passkeyStepUpAction, passkeyStepUpOptionsAction } from "../account/actions";
import { noteStepUp } from "./step-up-clock";

/** True when the user closed the identity check instead of answering it: nothing to report. */
export function stepUpDeclined(r: ActionResult<unknown>): boolean {
  return !r.ok && r.code === "STEP_UP_REQUIRED";
}

type StepUpAction = (input: { secret: string }) => Promise<ActionResult<null>>;

/**
 * Runs a sensitive server action; when the server answers STEP_UP_REQUIRED it asks for the
 * password or a TOTP code, proves it, and retries once.
 *
 * A caller that is itself a dialog renders `panel` in place of its own content while `asking`
 * (one dialog, one dim); a caller outside any dialog renders `dialog`. Closing the host dialog
 * should call `cancel`.
 */
export function useStepUp(stepUpAction: StepUpAction) {
  const [asking, setAsking] = useState(false);
  const [secret, setSecret] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The server says when only the current second factor will do (replacing 2FA, recovery codes).
  const [needsCode, setNeedsCode] = useState(false);
  const pending = useRef<{ resolve: (ok: boolean) => void } | null>(null);
  // Whether the user has a passkey to confirm with, and whether only a passkey will do.
  const [passkey, setPasskey] = useState<{ only: boolean } | null>(null);

  const run = useCallback(
    async <T,>(action: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> => {
      const first = await action();
      if (first.ok || first.code !== "STEP_UP_REQUIRED") return first;
      const confirmed = await new Promise<boolean>((resolve) => {
        pending.current = { resolve };
        setNeedsCode(/authenticator|recovery code/i.test(first.message));
        setSecret("");
        setError(null);
        setPasskey(null);
        setAsking(true);
        void passkeyStepUpOptionsAction().then(
          (r) => r.ok && r.data && setPasskey({ only: r.data.passkeyOnly }),
        );
      });
      return confirmed ? action() : first;
    },
    [],
  );

  function settle(ok: boolean) {
    setAsking(false);
    setSecret("");
    pending.current?.resolve(ok);
    pending.current = null;
  }

  async function confirm(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    const r = await stepUpAction({ secret });
    setBusy(false);
    if (!r.ok) {
      setError(r.message);
      return;
    }
    noteStepUp(Date.now());
    settle(true);
  }

  async function confirmWithPasskey() {
    setBusy(true);
    setError(null);
    const fresh = await passkeyStepUpOptionsAction();
    const asked =
      fresh.ok && fresh.data
        ? await askForPasskey(fresh.data.options)
        : { ok: false as const, message: fresh.ok ? "No passkey found." : fresh.message };
    const r = asked.ok ? await passkeyStepUpAction({ response: asked.response }) : asked;
    setBusy(false);
    if (!r.ok) return setError(r.message);
    noteStepUp(Date.now());
    settle(true);
  }

  const cancel = useCallback(() => {
    if (pending.current) settle(false);
  }, []);

  const orPasskey = passkey ? "Use your passkey, or enter" : "Enter";
  const explanation = passkey?.only
    ? "Use your passkey. You will not be asked again for 5 minutes."
    : needsCode
      ? `${orPasskey} a code from your current authenticator app, or one of your recovery codes.`
      : `${orPasskey} your password or a code from your authenticator app. You will not be asked again for 5 minutes.`;

  const form = (withHeading: boolean) => (
    <form
      onSubmit={confirm}
      className="mt-4 space-y-4"
      aria-labelledby={withHeading ? "step-up-heading" : undefined}
    >
      {withHeading ? (
        <div className="rounded-md border border-brand-100 bg-brand-50 px-3 py-2">
          <h3 id="step-up-heading" className="text-sm font-semibold text-brand-900">
            Confirm it is you
          </h3>
          <p className="text-sm text-slate-600">{explanation}</p>
        </div>
      ) : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      {passkey ? (
        <Button
          type="button"
          variant={passkey.only ? "primary" : "secondary"}
          className="w-full"
          onClick={confirmWithPasskey}
          disabled={busy}
        >
          Use your passkey
        </Button>
      ) : null}
      {passkey?.only ? null : (
        <TextField
          id="step-up-secret"
          label={needsCode ? "Authenticator or recovery code" : "Password or code"}
          type={needsCode ? "text" : "password"}
          autoComplete={needsCode ? "one-time-code" : "current-password"}
          autoFocus
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
        />
      )}
      <div className="flex justify-end gap-2">
        <Button type="button" variant="secondary" onClick={cancel}>
          {withHeading ? "Back" : "Cancel"}
        </Button>
        {passkey?.only ? null : (
          <Button type="submit" disabled={busy || !secret}>
            {busy ? "Checking…" : "Confirm"}
          </Button>
        )}
      </div>
    </form>
  );

  const dialog = (
    <Modal
      open={asking}
      onOpenChange={(open) => !open && cancel()}
      title="Confirm it is you"
      description={explanation}
    >
      {form(false)}
    </Modal>
  );

  return { run, asking, cancel, dialog, panel: asking ? form(true) : null };
}
