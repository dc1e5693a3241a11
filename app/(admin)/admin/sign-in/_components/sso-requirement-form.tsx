"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { useToast } from "@/components/ui/toaster";
import { ROLE_LABELS, ROLES, type RoleName } from "@/lib/policy/capabilities";
import { stepUpAction } from "../../../../(portal)/account/actions";
import { stepUpDeclined, useStepUp } from "../../../../(portal)/_components/step-up";
import { setSsoRequiredAction } from "../actions";

/** The roles that must sign in through the identity provider; saving needs a fresh step-up. */
export function SsoRequirementForm({
  required,
  providerName,
}: {
  required: RoleName[];
  providerName: string;
}) {
  const router = useRouter();
  const toast = useToast();
  const stepUp = useStepUp(stepUpAction);
  const [roles, setRoles] = useState<RoleName[]>(required);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const changed = roles.length !== required.length || roles.some((r) => !required.includes(r));

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    const r = await stepUp.run(() => setSsoRequiredAction({ roles }));
    setBusy(false);
    if (stepUpDeclined(r)) return;
    if (!r.ok) return setError(r.message);
    toast("Sign-in policy saved", {
      description: r.data.length
        ? `${r.data.map((x) => ROLE_LABELS[x]).join(", ")} now sign in with ${providerName} only.`
        : "Every role may sign in with a password again.",
    });
    router.refresh();
  }

  return (
    <form onSubmit={save} className="space-y-3" noValidate>
      {stepUp.dialog}
      {error ? <Notice tone="error">{error}</Notice> : null}
      <fieldset>
        <legend className="mb-2 text-sm font-medium text-slate-700">
          Roles that sign in with {providerName} only
        </legend>
        <div className="flex flex-wrap gap-4 text-sm">
          {ROLES.map((role) => (
            <label key={role} className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={roles.includes(role)}
                onChange={(e) =>
                  setRoles(e.target.checked ? [...roles, role] : roles.filter((r) => r !== role))
                }
              />
              {ROLE_LABELS[role]}
            </label>
          ))}
        </div>
      </fieldset>
      <Button type="submit" disabled={busy || !changed}>
        {busy ? "Saving…" : "Save sign-in policy"}
      </Button>
    </form>
  );
}
