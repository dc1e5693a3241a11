"use client";
import { useState } from "react";
import { signOutHere } from "@/components/sign-out";
import { Button } from "@/components/ui/button";

export function SignOutButton() {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="secondary"
      size="sm"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        void signOutHere();
      }}
    >
      {busy ? "Signing out…" : "Sign out"}
    </Button>
  );
}
