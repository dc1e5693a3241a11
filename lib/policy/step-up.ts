// How long a step-up (password or code re-entered) counts: one rule for the server, which
// enforces it, and the browser, which asks first instead of sending a request bound to fail.
export const STEP_UP_WINDOW_MS = 5 * 60 * 1000;
