"use client";
import {
  browserSupportsWebAuthn,
  startAuthentication,
  startRegistration,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/browser";

// The browser's half of a passkey ceremony: ask the authenticator, and turn its refusals into
// sentences (the user closing the prompt is the usual one, and not an error worth alarm).

export type CeremonyResult<T> = { ok: true; response: T } | { ok: false; message: string };

function explain(err: unknown): string {
  const name = err instanceof Error ? err.name : "";
  if (name === "NotAllowedError" || name === "AbortError")
    return "The passkey prompt was closed or timed out. Try again when you are ready.";
  if (name === "InvalidStateError") return "This device already holds a passkey for your account.";
  if (name === "SecurityError") return "Passkeys need Veil's own address (check the URL).";
  return "Your browser could not use a passkey. Try again, or use another device.";
}

export const passkeysSupported = () => browserSupportsWebAuthn();

export async function askForPasskey(optionsJSON: PublicKeyCredentialRequestOptionsJSON) {
  try {
    return { ok: true as const, response: await startAuthentication({ optionsJSON }) };
  } catch (err) {
    return { ok: false as const, message: explain(err) };
  }
}

export async function createPasskey(optionsJSON: PublicKeyCredentialCreationOptionsJSON) {
  try {
    return { ok: true as const, response: await startRegistration({ optionsJSON }) };
  } catch (err) {
    return { ok: false as const, message: explain(err) };
  }
}
