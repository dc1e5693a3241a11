"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toaster";
import { updateAlertAction } from "../actions";

export function AlertActions({
  alertId,
  state,
}: {
  alertId: string;
  state: "open" | "acknowledged";
}) {
  const router = useRouter();
  const toast = useToast();
  const [busy, setBusy] = useState<"acknowledged" | "resolved" | null>(null);
  async function move(to: "acknowledged" | "resolved") {
    setBusy(to);
    const r = await updateAlertAction({ alertId, to });
    setBusy(null);
    if (r.ok) toast(to === "acknowledged" ? "Alert acknowledged" : "Alert resolved");
    else toast(r.message, { tone: "error" });
    router.refresh();
  }
  return (
    <div className="flex gap-2">
      {state === "open" ? (
        <Button
          size="sm"
          variant="secondary"
          disabled={busy !== null}
          onClick={() => void move("acknowledged")}
        >
          {busy === "acknowledged" ? "Acknowledging…" : "Acknowledge"}
        </Button>
      ) : null}
      <Button size="sm" disabled={busy !== null} onClick={() => void move("resolved")}>
        {busy === "resolved" ? "Resolving…" : "Resolve"}
      </Button>
    </div>
  );
}
