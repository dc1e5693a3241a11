"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, type Confirmation } from "@/components/ui/confirm-dialog";
import { useToast } from "@/components/ui/toaster";
import { stepUpAction } from "../account/actions";
import { stepUpDeclined, useStepUp } from "../_components/step-up";
import { decideRevealAction } from "../customers/actions";

/** Approve or Decline, each confirmed in words; the identity check opens inside that dialog. */
export function DecideButtons({ requestId, summary }: { requestId: string; summary: string }) {
  const router = useRouter();
  const toast = useToast();
  const stepUp = useStepUp(stepUpAction);
  const [confirm, setConfirm] = useState<Confirmation | null>(null);

  async function decide(approve: boolean) {
    const r = await stepUp.run(() => decideRevealAction({ requestId, approve }));
    if (stepUpDeclined(r)) return;
    if (r.ok) {
      toast(approve ? "Request approved" : "Request declined", {
        description: approve ? "The officer may now reveal the value once." : undefined,
      });
    } else toast(r.message, { tone: "error" });
    router.refresh();
  }
  return (
    <div className="flex items-center gap-2">
      <ConfirmDialog confirmation={confirm} onDone={() => setConfirm(null)} interrupt={stepUp} />
      <Button
        size="sm"
        variant="secondary"
        onClick={() =>
          setConfirm({
            title: "Decline this request?",
            description: `${summary}. They will see it was declined and may ask again.`,
            label: "Decline",
            tone: "danger",
            go: () => decide(false),
          })
        }
      >
        Decline
      </Button>
      <Button
        size="sm"
        onClick={() =>
          setConfirm({
            title: "Approve this reveal?",
            description: `${summary}. They may then see the full value once, within an hour; your approval is recorded.`,
            label: "Approve",
            tone: "primary",
            go: () => decide(true),
          })
        }
      >
        Approve
      </Button>
    </div>
  );
}
