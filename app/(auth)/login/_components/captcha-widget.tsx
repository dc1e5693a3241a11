"use client";
import { useEffect, useRef } from "react";

/** The self-hosted ALTCHA proof-of-work widget; reports the solved payload (or "" when unsolved). */
export function CaptchaWidget({ onChange }: { onChange: (payload: string) => void }) {
  const ref = useRef<HTMLElement | null>(null);
  useEffect(() => {
    void import("altcha"); // registers <altcha-widget>; loaded only when the server asks for it
    const el = ref.current;
    const onState = (e: Event) => {
      const detail = (e as CustomEvent<{ state: string; payload?: string }>).detail;
      onChange(detail.state === "verified" ? (detail.payload ?? "") : "");
    };
    el?.addEventListener("statechange", onState);
    return () => el?.removeEventListener("statechange", onState);
  }, [onChange]);
  return (
    <div role="group" aria-labelledby="captcha-label" aria-describedby="captcha-hint">
      <p id="captcha-label" className="mb-1 text-sm font-medium text-slate-700">
        Verification
      </p>
      <p id="captcha-hint" className="mb-2 text-xs text-slate-500">
        Your browser solves a short puzzle after several failed sign-ins; sign-in continues by
        itself when it is done.
      </p>
      {/* @ts-expect-error custom element registered by the altcha package */}
      <altcha-widget ref={ref} challenge="/api/captcha" auto="onload" />
    </div>
  );
}
