"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { formatDateTime } from "@/lib/format/date-time";
import { SelectField } from "@/components/ui/field";
import { DialogForm } from "@/components/ui/dialog-form";
import { Modal } from "@/components/ui/modal";
import { useToast } from "@/components/ui/toaster";
import type { PartnerRow } from "@/lib/schemas/partners";
import { useStepUpDialog } from "../../../../(portal)/_components/step-up-dialog";
import { rotateSecretAction } from "../actions";
import { SecretOnce } from "../../_components/secret-once";

const OVERLAPS = [
  { minutes: 60, label: "Keep the old secret working for 1 hour (planned rotation)" },
  { minutes: 1440, label: "Keep it for 24 hours" },
  { minutes: 0, label: "End it now, with its tokens (the secret leaked)" },
];

type Rotated = { clientSecret: string; previousValidUntil: string };

/** Rotates a partner's client secret, with the old one's overlap chosen; the new one shown once. */
export function RotateSecret({ partner }: { partner: PartnerRow }) {
  const toast = useToast();
  const [overlap, setOverlap] = useState(60);
  const [secret, setSecret] = useState<Rotated | null>(null);
  const dialog = useStepUpDialog(() => {
    setSecret(null);
    setOverlap(60);
  });

  async function rotate() {
    const r = await dialog.run(() =>
      rotateSecretAction({ partnerId: partner.id, overlapMinutes: overlap }),
    );
    if (!r) return;
    setSecret(r);
    toast("Secret rotated", { description: partner.name });
  }

  return (
    <Modal
      open={dialog.open}
      onOpenChange={dialog.close}
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
          ? `Shown once. The previous secret works until ${formatDateTime(secret.previousValidUntil)}.`
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
            <Button onClick={() => dialog.close(false)}>Done</Button>
          </div>
        </div>
      ) : (
        <DialogForm
          onSubmit={(e) => {
            e.preventDefault();
            void rotate();
          }}
          error={dialog.error}
          interrupt={dialog.panel}
          submit={{ label: "Rotate secret", busyLabel: "Rotating…", busy: dialog.busy }}
        >
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
        </DialogForm>
      )}
    </Modal>
  );
}
