"use client";
import { setNonce } from "get-nonce";

let set = false;

/**
 * Gives the document's CSP nonce to the libraries that write <style> tags at runtime (the dialog
 * library's scroll lock), so the strict style-src admits them without 'unsafe-inline'. Runs
 * during render, before any dialog can open. Only the first nonce counts: the policy in force is
 * the one the document arrived with, and every later server render (a refresh after an action)
 * brings a new nonce that policy would refuse — the dialog reopened after one was refused.
 */
export function StyleNonce({ nonce }: { nonce: string }) {
  if (typeof window !== "undefined" && !set) {
    const documentNonce = document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce;
    setNonce(documentNonce || nonce);
    set = true;
  }
  return null;
}
