"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { useToast } from "@/components/ui/toaster";
import { stepUpAction } from "../../../../(portal)/account/actions";
import { stepUpDeclined, useStepUp } from "../../../../(portal)/_components/step-up";
import { setPasskeysRequiredAction } from "../actions";

/** Whether administrators and officers must use a passkey; saving needs a fresh step-up. */
export function PasskeyRequirementForm({
  required,
  rolesLabel,
}: {
  required: boolean;
  rolesLabel: string;
}) {
  const router = useRouter();
  const toast = useToast();
  const stepUp = useStepUp(stepUpAction);
  const [on, setOn] = useState(required);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    const res = await stepUp.run(() => setPasskeysRequiredAction({ required: on }));
    setBusy(false);
    if (stepUpDeclined(res)) return;
    if (!res.ok) return setError(res.message);
    toast("Passkey policy saved", {
      description: res.data
        ? `Now ${rolesLabel} confirm with a passkey only.`
        : `Now ${rolesLabel} may use a passkey or an authenticator code.`,
    });
    router.refresh();
  }

  return (
    <form onSubmit={save} className="space-y-3" noValidate>
      {stepUp.dialog}
      {error ? <Notice tone="error">{error}</Notice> : null}
      <label className="flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          className="mt-0.5"
          checked={on}
          onChange={(e) => setOn(e.target.checked)}
        />
        <span>
          Require a passkey for {rolesLabel}
          <span className="block text-slate-600">
            Authenticator codes then stop working for them once they have a passkey; anyone without
            one is asked to add one at their next sign-in.
          </span>
        </span>
      </label>
      <Button type="submit" disabled={busy || on === required}>
        {busy ? "Saving…" : "Save passkey policy"}
      </Button>
    </form>
  );
}
