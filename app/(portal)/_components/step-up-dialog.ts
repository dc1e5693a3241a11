"use client";
import { useState } from "react";
import type { ActionResult } from "@/lib/schemas/action";
import { stepUpAction } from "../account/actions";
import { stepUpDeclined, useStepUp } from "./step-up";

/**
 * A dialog whose action may need an identity check first: open state, the action's error and busy
 * flag, and the check's panel (shown inside the dialog). `run` resolves to the action's data, or
 * to undefined when it failed (the error shows) or the user closed the check.
 */
export function useStepUpDialog(onClose: () => void = () => {}) {
  const stepUp = useStepUp(stepUpAction);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function close(next: boolean) {
    if (!next && stepUp.asking) return stepUp.cancel();
    setOpen(next);
    if (!next) {
      setError(null);
      onClose();
    }
  }

  async function run<T>(action: () => Promise<ActionResult<T>>): Promise<T | undefined> {
    setError(null);
    setBusy(true);
    const r = await stepUp.run(action);
    setBusy(false);
    if (stepUpDeclined(r)) return undefined;
    if (!r.ok) {
      setError(r.message);
      return undefined;
    }
    return r.data;
  }

  return { open, show: () => setOpen(true), close, error, busy, panel: stepUp.panel, run };
}
