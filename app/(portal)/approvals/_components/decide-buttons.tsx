"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, type Confirmation } from "@/components/ui/confirm-dialog";
import { useToast } from "@/components/ui/toaster";
import { stepUpAction } from "../../account/actions";
import { stepUpDeclined, useStepUp } from "../../_components/step-up";
import { decideErasureAction, decideRevealAction } from "../../customers/actions";

/** What each kind of four-eyes request says and does when decided. */
const KINDS = {
  reveal: {
    decide: decideRevealAction,
    approveTitle: "Approve this reveal?",
    approveEffect:
      "They may then see the full value once, within an hour; your approval is recorded.",
    approved: {
      title: "Request approved",
      description: "The officer may now reveal the value once.",
    },
    declineEffect: "They will see it was declined and may ask again.",
    approveLabel: "Approve",
  },
  erasure: {
    decide: decideErasureAction,
    approveTitle: "Erase this customer now?",
    approveEffect:
      "Their data key, every encrypted field and search index are deleted at once and cannot be recovered; only ids stay in the audit trail. Your approval is recorded.",
    approved: {
      title: "Customer erased",
      description: "The deletion certificate is ready to download below.",
    },
    declineEffect: "The requester will see it was declined; the record stays.",
    approveLabel: "Approve and erase",
  },
} as const;

/** Approve or Decline, each confirmed in words; the identity check opens inside that dialog. */
export function DecideButtons({
  kind,
  requestId,
  summary,
}: {
  kind: keyof typeof KINDS;
  requestId: string;
  summary: string;
}) {
  const router = useRouter();
  const toast = useToast();
  const stepUp = useStepUp(stepUpAction);
  const [confirm, setConfirm] = useState<Confirmation | null>(null);
  const k = KINDS[kind];

  async function decide(approve: boolean) {
    const r = await stepUp.run(() => k.decide({ requestId, approve }));
    if (stepUpDeclined(r)) return;
    if (r.ok) {
      if (approve) toast(k.approved.title, { description: k.approved.description });
      else toast("Request declined");
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
            description: `${summary}. ${k.declineEffect}`,
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
            title: k.approveTitle,
            description: `${summary}. ${k.approveEffect}`,
            label: k.approveLabel,
            tone: kind === "erasure" ? "danger" : "primary",
            go: () => decide(true),
          })
        }
      >
        Approve
      </Button>
    </div>
  );
}
