"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { stepUpAction } from "../account/actions";
import { useStepUp } from "../_components/step-up";
import { decideRevealAction } from "../customers/actions";

export function DecideButtons({ requestId }: { requestId: string }) {
  const router = useRouter();
  const { run, dialog } = useStepUp(stepUpAction);
  const [error, setError] = useState<string | null>(null);
  async function decide(approve: boolean) {
    const r = await run(() => decideRevealAction({ requestId, approve }));
    if (r.ok) router.refresh();
    else setError(r.message);
  }
  return (
    <div className="flex items-center gap-2">
      {dialog}
      {error ? (
        <Notice tone="error" className="text-xs">
          {error}
        </Notice>
      ) : null}
      <Button size="sm" variant="secondary" onClick={() => void decide(false)}>
        Decline
      </Button>
      <Button size="sm" onClick={() => void decide(true)}>
        Approve
      </Button>
    </div>
  );
}
