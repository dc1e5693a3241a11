"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";
import { ConfirmDialog, type Confirmation } from "@/components/ui/confirm-dialog";
import { Modal, ModalClose } from "@/components/ui/modal";
import { useToast } from "@/components/ui/toaster";
import type { PartnerRow } from "@/lib/schemas/partners";
import { stepUpAction } from "../../../../(portal)/account/actions";
import { stepUpDeclined, useStepUp } from "../../../../(portal)/_components/step-up";
import { rotateSecretAction, setPartnerDisabledAction } from "../actions";
import { SecretOnce } from "./secret-once";

const OVERLAPS = [
  { minutes: 60, label: "Keep the old secret working for 1 hour (planned rotation)" },
  { minutes: 1440, label: "Keep it for 24 hours" },
  { minutes: 0, label: "End it now, with its tokens (the secret leaked)" },
];

export function PartnerActions({ partner }: { partner: PartnerRow }) {
  const router = useRouter();
  const stepUp = useStepUp(stepUpAction);
  const [confirm, setConfirm] = useState<Confirmation | null>(null);
  const [open, setOpen] = useState(false);
  const [overlap, setOverlap] = useState(60);
  const [secret, setSecret] = useState<{ clientSecret: string; previousValidUntil: string } | null>(
    null,
  );
  const toast = useToast();
  const [busy, setBusy] = useState(false);

  async function rotate() {
    setBusy(true);
    const r = await stepUp.run(() =>
      rotateSecretAction({ partnerId: partner.id, overlapMinutes: overlap }),
    );
    setBusy(false);
    if (stepUpDeclined(r)) return;
    if (r.ok) {
      setSecret(r.data);
      toast("Secret rotated", { description: partner.name });
    } else toast(r.message, { tone: "error" });
  }
  async function toggle() {
    const r = await stepUp.run(() =>
      setPartnerDisabledAction({ partnerId: partner.id, disabled: !partner.disabled }),
    );
    if (stepUpDeclined(r)) return;
    if (r.ok) {
      toast(r.data.disabled ? "Disabled: its tokens stop working now." : "Enabled.", {
        description: partner.name,
      });
      router.refresh();
    } else toast(r.message, { tone: "error" });
  }
  function close(next: boolean) {
    if (!next && stepUp.asking) return stepUp.cancel();
    setOpen(next);
    if (!next) {
      setSecret(null);
      setOverlap(60);
    }
  }

  return (
    <div className="inline-flex flex-col items-end gap-1">
      {open || confirm ? null : stepUp.dialog}
      <ConfirmDialog confirmation={confirm} onDone={() => setConfirm(null)} interrupt={stepUp} />
      <div className="flex gap-2">
        <Modal
          open={open}
          onOpenChange={close}
          trigger={
            <Button
              variant="secondary"
              size="sm"
              aria-label={`Rotate secret: ${partner.name}`}
              disabled={partner.disabled}
            >
              Rotate secret
            </Button>
          }
          title={secret ? "New secret" : `Rotate the secret of ${partner.name}`}
          description={
            secret
              ? `Shown once. The previous secret works until ${new Date(secret.previousValidUntil).toLocaleString()}.`
              : "The partner gets a new client secret; choose how long the old one keeps working."
          }
        >
          {secret ? (
            <div className="mt-4 space-y-4">
              <SecretOnce
                id={`secret-${partner.id}`}
                label="Client secret (shown once)"
                value={secret.clientSecret}
              />
              <div className="flex justify-end">
                <Button onClick={() => close(false)}>Done</Button>
              </div>
            </div>
          ) : (
            (stepUp.panel ?? (
              <div className="mt-4 space-y-4">
                <SelectField
                  id={`overlap-${partner.id}`}
                  label="The old secret"
                  value={overlap}
                  onChange={(e) => setOverlap(Number(e.target.value))}
                >
                  {OVERLAPS.map((o) => (
                    <option key={o.minutes} value={o.minutes}>
                      {o.label}
                    </option>
                  ))}
                </SelectField>
                <div className="flex justify-end gap-2">
                  <ModalClose asChild>
                    <Button type="button" variant="secondary">
                      Cancel
                    </Button>
                  </ModalClose>
                  <Button onClick={() => void rotate()} disabled={busy}>
                    {busy ? "Rotating…" : "Rotate secret"}
                  </Button>
                </div>
              </div>
            ))
          )}
        </Modal>
        <Button
          variant={partner.disabled ? "secondary" : "danger"}
          size="sm"
          onClick={() =>
            partner.disabled
              ? void toggle()
              : setConfirm({
                  title: `Disable ${partner.name}?`,
                  description:
                    "Its tokens stop working at once and it cannot get new ones until enabled again.",
                  label: "Disable partner",
                  go: toggle,
                })
          }
          aria-label={`${partner.disabled ? "Enable" : "Disable"}: ${partner.name}`}
        >
          {partner.disabled ? "Enable" : "Disable"}
        </Button>
      </div>
    </div>
  );
}
