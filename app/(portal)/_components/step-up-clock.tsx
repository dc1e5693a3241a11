"use client";
import { useEffect } from "react";
import { STEP_UP_WINDOW_MS } from "@/lib/policy/step-up";
import type { ActionResult } from "@/lib/schemas/action";

// When this tab last stepped up, as the server said at render or as the step-up dialog just
// proved. Only spares a request bound to fail (and its 403 in the console): the server still
// decides, and a stale guess here ends in the same identity check.
let steppedUpAt = 0;
const MARGIN_MS = 30_000; // a little early, for clock skew and the request's own time

export function noteStepUp(at: number) {
  steppedUpAt = Math.max(steppedUpAt, at);
}

/** Sets the clock from the server's view of the session (rendered into the portal shell). */
export function StepUpClock({ at }: { at: number | null }) {
  useEffect(() => {
    if (at) noteStepUp(at);
  }, [at]);
  return null;
}

const NEEDED: ActionResult<never> = {
  ok: false,
  code: "STEP_UP_REQUIRED",
  message: "Confirm it is you to continue.",
};

/**
 * Runs a request that needs a recent step-up, or answers STEP_UP_REQUIRED without sending it
 * when the last one is too old (useStepUp then asks, and runs it again once confirmed).
 */
export function withFreshStepUp<T>(
  request: () => Promise<ActionResult<T>>,
): () => Promise<ActionResult<T>> {
  return () =>
    Date.now() - steppedUpAt < STEP_UP_WINDOW_MS - MARGIN_MS ? request() : Promise.resolve(NEEDED);
}
