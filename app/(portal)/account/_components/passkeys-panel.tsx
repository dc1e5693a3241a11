"use client";
import { PasskeyItem } from "@/components/passkeys/passkey-item";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { createPasskey } from "@/components/passkeys/ceremony";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, type Confirmation } from "@/components/ui/confirm-dialog";
import { TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { useToast } from "@/components/ui/toaster";
import type { PasskeyRow } from "@/lib/schemas/passkeys";
import { stepUpDeclined, useStepUp } from "../../_components/step-up";
import {
  passkeyRegistrationOptionsAction,
  registerPasskeyAction,
  removePasskeyAction,
  stepUpAction,
} from "../actions";

/** The account's passkeys: add one (named), see when each was last used, remove one. */
export function PasskeysPanel({
  passkeys,
  afterAdd,
}: {
  passkeys: PasskeyRow[];
  /** Where to go once one is added (the enrolment page moves on), instead of staying. */
  afterAdd?: string;
}) {
  const router = useRouter();
  const toast = useToast();
  const stepUp = useStepUp(stepUpAction);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<Confirmation | null>(null);

  async function add(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const options = await stepUp.run(() => passkeyRegistrationOptionsAction());
    if (stepUpDeclined(options)) return setBusy(false);
    const created = options.ok
      ? await createPasskey(options.data)
      : { ok: false as const, message: options.message };
    const saved = created.ok
      ? await registerPasskeyAction({ name, response: created.response })
      : created;
    setBusy(false);
    if (!saved.ok) return setError(saved.message);
    setName("");
    toast("Passkey added", { description: `“${saved.data.name}” can now confirm it is you.` });
    if (afterAdd) router.push(afterAdd);
    else router.refresh();
  }

  async function remove(p: PasskeyRow) {
    const r = await stepUp.run(() => removePasskeyAction({ passkeyId: p.id }));
    if (stepUpDeclined(r)) return;
    if (!r.ok) return setError(r.message);
    toast("Passkey removed", { description: `“${p.name}” no longer signs you in.` });
    router.refresh();
  }

  return (
    <div className="space-y-4">
      {confirm ? null : stepUp.dialog}
      <ConfirmDialog confirmation={confirm} onDone={() => setConfirm(null)} interrupt={stepUp} />
      {error ? <Notice tone="error">{error}</Notice> : null}
      {passkeys.length === 0 ? (
        <p className="text-sm text-slate-600">
          No passkeys yet. A passkey lets you confirm it is you with your device&apos;s fingerprint,
          face or PIN, and cannot be phished.
        </p>
      ) : (
        <ul className="divide-y divide-slate-100" aria-label="Your passkeys">
          {passkeys.map((p) => (
            <PasskeyItem
              key={p.id}
              passkey={p}
              action={
                <Button
                  variant="secondary"
                  size="sm"
                  aria-label={`Remove passkey ${p.name}`}
                  onClick={() =>
                    setConfirm({
                      title: `Remove “${p.name}”?`,
                      description:
                        "It stops working for Veil at once. Its device keeps a copy you can delete there.",
                      label: "Remove",
                      go: () => remove(p),
                    })
                  }
                >
                  Remove
                </Button>
              }
            />
          ))}
        </ul>
      )}
      <form onSubmit={add} className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <div className="flex-1">
          <TextField
            id="passkey-name"
            label="Passkey name"
            placeholder="e.g. Work laptop"
            maxLength={60}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <Button type="submit" disabled={busy}>
          {busy ? "Waiting for your device…" : "Add a passkey"}
        </Button>
      </form>
    </div>
  );
}
