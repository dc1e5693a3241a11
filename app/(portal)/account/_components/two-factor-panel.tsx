"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { useStepUp } from "../../_components/step-up";
import { disableTotpAction, regenerateRecoveryCodesAction, stepUpAction } from "../actions";
import { RecoveryCodes } from "./recovery-codes";

export function TwoFactorPanel({
  unusedRecoveryCodes,
  canDisable,
}: {
  unusedRecoveryCodes: number;
  canDisable: boolean;
}) {
  const router = useRouter();
  const { run, dialog } = useStepUp(stepUpAction);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function regenerate() {
    const r = await run(() => regenerateRecoveryCodesAction());
    if (r.ok) setCodes(r.data.recoveryCodes);
    else setError(r.message);
  }
  async function disable() {
    const r = await run(() => disableTotpAction());
    if (r.ok) router.push("/login");
    else setError(r.message);
  }
  return (
    <div className="space-y-3">
      {dialog}
      {error ? <Notice tone="error">{error}</Notice> : null}
      <p className="text-sm text-slate-600">
        Your sign-ins ask for a code from your authenticator app. {unusedRecoveryCodes} unused
        recovery code{unusedRecoveryCodes === 1 ? "" : "s"} left.
      </p>
      {codes ? <RecoveryCodes codes={codes} /> : null}
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" onClick={regenerate}>
          New recovery codes
        </Button>
        {canDisable ? (
          <Button variant="danger" onClick={disable}>
            Turn off
          </Button>
        ) : null}
      </div>
    </div>
  );
}
