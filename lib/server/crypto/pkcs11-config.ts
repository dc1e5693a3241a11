import "server-only";
import { readFileSync } from "node:fs";

// The PKCS#11 provider's settings, read from the environment (lib/env.ts validated them).

export type Pkcs11Config = {
  module: string;
  tokenLabel: string;
  pin: string;
  /** Master key labels, the active (wrapping) one first. */
  keyLabels: string[];
};

export class KeyProviderStartError extends Error {
  override name = "KeyProviderStartError";
}

/** The PIN from the environment or, better, from a file only the service account reads. */
export function pkcs11ConfigFrom(e: {
  VEIL_PKCS11_MODULE?: string;
  VEIL_PKCS11_TOKEN_LABEL?: string;
  VEIL_PKCS11_PIN?: string;
  VEIL_PKCS11_PIN_FILE?: string;
  VEIL_PKCS11_KEY_LABELS?: string;
}): Pkcs11Config {
  const pin = e.VEIL_PKCS11_PIN_FILE
    ? readFileSync(e.VEIL_PKCS11_PIN_FILE, "utf8").trim()
    : (e.VEIL_PKCS11_PIN ?? "");
  return {
    module: e.VEIL_PKCS11_MODULE ?? "",
    tokenLabel: e.VEIL_PKCS11_TOKEN_LABEL ?? "",
    pin,
    keyLabels: (e.VEIL_PKCS11_KEY_LABELS ?? "")
      .split(",")
      .map((l) => l.trim())
      .filter(Boolean),
  };
}
