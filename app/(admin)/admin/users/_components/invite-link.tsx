"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";

/** The token rides in the URL fragment, which browsers never send to servers or in referrers. */
export function InviteLink({ token }: { token: string }) {
  const [copied, setCopied] = useState(false);
  const link = `${window.location.origin}/set-password#token=${token}`;
  return (
    <div className="space-y-2">
      <label htmlFor="invite-link" className="block text-sm font-medium text-slate-700">
        One-time link (valid 72 hours, shown once)
      </label>
      <div className="flex gap-2">
        <input
          id="invite-link"
          readOnly
          value={link}
          onFocus={(e) => e.currentTarget.select()}
          className="w-full rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs"
        />
        <Button
          type="button"
          variant="secondary"
          onClick={() => void navigator.clipboard?.writeText(link).then(() => setCopied(true))}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
    </div>
  );
}
