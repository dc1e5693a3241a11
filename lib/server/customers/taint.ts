import "server-only";
import * as React from "react";

type TaintFn = (message: string, lifetime: object, value: string) => void;
// Next's bundled React exposes the taint API (experimental.taint); plain React (CLI, tests) may
// not, and then this second net is simply absent — masking is the first.
const taintUniqueValue = (React as unknown as { experimental_taintUniqueValue?: TaintFn })
  .experimental_taintUniqueValue;

/** Marks decrypted values so React refuses to send them to a client component. */
export function taintRawValues(lifetime: object, values: Iterable<string | undefined>) {
  if (!taintUniqueValue) return;
  for (const v of values) {
    if (v && v.length >= 6)
      taintUniqueValue("A raw customer value must not be sent to the browser.", lifetime, v);
  }
}
