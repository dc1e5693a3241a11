"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { Confirmation } from "@/components/ui/confirm-dialog";
import { useToast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/schemas/action";
import { stepUpAction } from "../../../(portal)/account/actions";
import { stepUpDeclined, useStepUp } from "../../../(portal)/_components/step-up";

/**
 * An admin screen's row actions on one subject (a user, a partner): each runs behind step-up,
 * says what happened in a toast naming the subject, and refreshes the page's data. Consequential
 * ones are confirmed first (`confirm`), in words that say what will happen.
 */
export function useAdminAction(subject: string) {
  const router = useRouter();
  const toast = useToast();
  const stepUp = useStepUp(stepUpAction);
  const [confirm, setConfirm] = useState<Confirmation | null>(null);

  async function perform<T>(
    done: string | ((data: T) => string),
    action: () => Promise<ActionResult<T>>,
  ): Promise<ActionResult<T>> {
    const r = await stepUp.run(action);
    if (stepUpDeclined(r)) return r;
    if (r.ok) {
      toast(typeof done === "string" ? done : done(r.data), { description: subject });
      router.refresh();
    } else toast(r.message, { tone: "error", description: subject });
    return r;
  }

  return { stepUp, confirm, setConfirm, perform };
}
