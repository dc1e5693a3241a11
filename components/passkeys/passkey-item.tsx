import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/lib/format/date-time";
import type { PasskeyRow } from "@/lib/schemas/passkeys";

/** One passkey in a list (its owner's account page, an admin's view), with an action beside it. */
export function PasskeyItem({ passkey: p, action }: { passkey: PasskeyRow; action: ReactNode }) {
  return (
    <li className="flex flex-wrap items-center justify-between gap-2 py-2">
      <div className="min-w-0">
        <p className="truncate text-sm font-medium text-slate-900">
          {p.name}{" "}
          <Badge tone={p.synced ? "brand" : "neutral"}>
            {p.synced ? "Synced" : "This device only"}
          </Badge>
        </p>
        <p className="text-xs text-slate-500">
          Added {formatDateTime(p.createdAt)} ·{" "}
          {p.lastUsedAt ? `last used ${formatDateTime(p.lastUsedAt)}` : "not used yet"}
        </p>
      </div>
      {action}
    </li>
  );
}
