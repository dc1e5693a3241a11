"use client";
import { setNonce } from "get-nonce";

/**
 * Gives this request's CSP nonce to the libraries that write <style> tags at runtime (the dialog
 * library's scroll lock), so the strict style-src admits them without 'unsafe-inline'. Runs
 * during render, before any dialog can open.
 */
export function StyleNonce({ nonce }: { nonce: string }) {
  if (typeof window !== "undefined") setNonce(nonce);
  return null;
}
