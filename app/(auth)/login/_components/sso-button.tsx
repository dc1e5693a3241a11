"use client";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

/** Starts single sign-on: next-auth sends the browser to the identity provider. */
export function SsoButton({ name, next }: { name: string; next: string | null }) {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      type="button"
      className="mt-4 w-full"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        // Back to the sign-in page, which sends a signed-in user on to `next` or their home.
        void signIn("oidc", {
          callbackUrl: next ? `/login?next=${encodeURIComponent(next)}` : "/login",
        });
      }}
    >
      {busy ? `Opening ${name}…` : `Sign in with ${name}`}
    </Button>
  );
}
