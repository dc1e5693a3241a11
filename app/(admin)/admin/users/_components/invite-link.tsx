"use client";
import { SecretOnce } from "../../_components/secret-once";

/** The token rides in the URL fragment, which browsers never send to servers or in referrers. */
export function InviteLink({ token }: { token: string }) {
  return (
    <SecretOnce
      id="invite-link"
      label="One-time link (valid 72 hours, shown once)"
      value={`${window.location.origin}/set-password#token=${token}`}
    />
  );
}
