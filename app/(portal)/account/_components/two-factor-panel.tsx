"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, type Confirmation } from "@/components/ui/confirm-dialog";
import { Notice } from "@/components/ui/notice";
import { useToast } from "@/components/ui/toaster";
import { stepUpDeclined, useStepUp } from "../../_components/step-up";
import { disableTotpAction, regenerateRecoveryCodesAction, stepUpAction } from "../actions";
import { RecoveryCodes } from "./recovery-codes";

const SIGN_IN_TEXT = {
  code: "Your sign-ins ask for a code from your authenticator app.",
  "passkey-first":
    "Sign-ins ask for your passkey first; a code from your authenticator app works too.",
  "passkey-only": "Your role signs in with a passkey: codes from this app are no longer accepted.",
} as const;

export function TwoFactorPanel({
  unusedRecoveryCodes,
  canDisable,
  signIn,
}: {
  unusedRecoveryCodes: number;
  canDisable: boolean;
  /** What sign-ins ask for: a code, a passkey first (a code works too), or a passkey only. */
  signIn: "code" | "passkey-first" | "passkey-only";
}) {
  const router = useRouter();
  const toast = useToast();
  const stepUp = useStepUp(stepUpAction);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<Confirmation | null>(null);

  async function regenerate() {
    setBusy(true);
    setError(null);
    const r = await stepUp.run(() => regenerateRecoveryCodesAction());
    setBusy(false);
    if (stepUpDeclined(r)) return;
    if (!r.ok) return setError(r.message);
    setCodes(r.data.recoveryCodes);
    toast("New recovery codes created", { description: "Your earlier codes no longer work." });
    router.refresh(); // the count of unused codes above them
  }
  async function disable() {
    const r = await stepUp.run(() => disableTotpAction());
    if (stepUpDeclined(r)) return;
    if (r.ok) router.push("/login");
    else setError(r.message);
  }
  return (
    <div className="space-y-3">
      {confirm ? null : stepUp.dialog}
      <ConfirmDialog confirmation={confirm} onDone={() => setConfirm(null)} interrupt={stepUp} />
      {error ? <Notice tone="error">{error}</Notice> : null}
      <p className="text-sm text-slate-600">
        {SIGN_IN_TEXT[signIn]} {unusedRecoveryCodes} unused recovery code
        {unusedRecoveryCodes === 1 ? "" : "s"} left.
      </p>
      {codes ? <RecoveryCodes codes={codes} /> : null}
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" onClick={regenerate} disabled={busy}>
          {busy ? "Creating…" : "New recovery codes"}
        </Button>
        {canDisable ? (
          <Button
            variant="danger"
            onClick={() =>
              setConfirm({
                title: "Turn off two-factor authentication?",
                description:
                  "Your authenticator and recovery codes stop working and you are signed out; your next sign-in asks only for your password.",
                label: "Turn off",
                go: disable,
              })
            }
          >
            Turn off
          </Button>
        ) : null}
      </div>
    </div>
  );
}
