"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toaster";
import { stepUpAction } from "../account/actions";
import { useStepUp } from "../_components/step-up";
import { decideRevealAction } from "../customers/actions";

export function DecideButtons({ requestId }: { requestId: string }) {
  const router = useRouter();
  const toast = useToast();
  const { run, dialog } = useStepUp(stepUpAction);
  const [busy, setBusy] = useState<"approve" | "decline" | null>(null);
  async function decide(approve: boolean) {
    setBusy(approve ? "approve" : "decline");
    const r = await run(() => decideRevealAction({ requestId, approve }));
    setBusy(null);
    if (r.ok) {
      toast(approve ? "Request approved" : "Request declined", {
        description: approve ? "The officer may now reveal the value once." : undefined,
      });
      router.refresh();
    } else toast(r.message, { tone: "error" });
  }
  return (
    <div className="flex items-center gap-2">
      {dialog}
      <Button
        size="sm"
        variant="secondary"
        disabled={busy !== null}
        onClick={() => void decide(false)}
      >
        {busy === "decline" ? "Declining…" : "Decline"}
      </Button>
      <Button size="sm" disabled={busy !== null} onClick={() => void decide(true)}>
        {busy === "approve" ? "Approving…" : "Approve"}
      </Button>
    </div>
  );
}
