"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Modal, ModalClose } from "@/components/ui/modal";

/** A consequential action, described in words that say what will happen. */
export type Confirmation = {
  title: string;
  description: string;
  /** The confirm button's label: the action itself ("Disable user"), never "OK". */
  label: string;
  tone?: "danger" | "primary";
  go: () => Promise<unknown>;
};

/**
 * Asks before a consequential action. While the action waits for an identity check, the check's
 * panel (`interrupt`) replaces the buttons inside this same dialog: one dialog, one dim.
 */
export function ConfirmDialog({
  confirmation,
  onDone,
  interrupt,
}: {
  confirmation: Confirmation | null;
  onDone: () => void;
  interrupt?: { panel: React.ReactNode; cancel: () => void };
}) {
  const [busy, setBusy] = useState(false);
  function close(open: boolean) {
    if (open) return;
    if (interrupt?.panel) return interrupt.cancel();
    if (!busy) onDone();
  }
  return (
    <Modal
      open={confirmation !== null}
      onOpenChange={close}
      title={confirmation?.title ?? ""}
      description={confirmation?.description}
    >
      {interrupt?.panel ?? (
        <div className="mt-5 flex justify-end gap-2">
          <ModalClose asChild>
            <Button variant="secondary" disabled={busy}>
              Cancel
            </Button>
          </ModalClose>
          <Button
            variant={confirmation?.tone ?? "danger"}
            disabled={busy}
            onClick={() => {
              if (!confirmation) return;
              setBusy(true);
              void confirmation.go().finally(() => {
                setBusy(false);
                onDone();
              });
            }}
          >
            {busy ? "Working…" : confirmation?.label}
          </Button>
        </div>
      )}
    </Modal>
  );
}
