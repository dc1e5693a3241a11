"use client";
import { formatDateTime } from "@/lib/format/date-time";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { Modal } from "@/components/ui/modal";
import { fieldLabel } from "@/lib/fields/catalogue";
import type { AuditRow } from "@/lib/schemas/audit";

const OUTCOME_TONE = { success: "green", denied: "amber", failure: "red" } as const;

function Outcome({ outcome }: { outcome: string }) {
  return (
    <Badge tone={OUTCOME_TONE[outcome as keyof typeof OUTCOME_TONE] ?? "neutral"}>{outcome}</Badge>
  );
}

function TargetCell({ row }: { row: AuditRow }) {
  if (row.targetType === "customer" && row.targetId)
    return (
      <Link
        className="font-mono text-xs text-brand-700 underline"
        href={`/customers/${row.targetId}`}
      >
        {row.targetId.slice(0, 8)}
      </Link>
    );
  if (row.targetCount) return <span>{row.targetCount} records</span>;
  if (row.targetType) return <span className="text-slate-600">{row.targetType}</span>;
  return <span className="text-slate-400">—</span>;
}

/** Audit rows, with a detail dialog for everything a row holds (ids, request, address, detail). */
export function AuditTable({ rows }: { rows: AuditRow[] }) {
  const [open, setOpen] = useState<AuditRow | null>(null);
  return (
    <>
      <DataTable
        caption="Audit events, newest first"
        columns={[
          { label: "When (UTC)" },
          { label: "Who" },
          { label: "Action" },
          { label: "Record" },
          { label: "Fields" },
          { label: "Purpose" },
          { label: "Outcome" },
          { label: "Details", srOnly: true },
        ]}
        empty="No events match these filters."
        isEmpty={rows.length === 0}
      >
        {rows.map((r) => (
          <tr key={r.id} className="align-top">
            <td className="whitespace-nowrap px-4 py-2 tabular-nums max-sm:font-medium">
              {formatDateTime(r.at, { seconds: true })}
            </td>
            <td className="px-4 py-2" data-label="Who">
              {r.actorLabel}
            </td>
            <td className="px-4 py-2 text-xs" title={r.action} data-label="Action">
              {r.actionLabel}
            </td>
            <td className="px-4 py-2" data-label="Record">
              <TargetCell row={r} />
            </td>
            <td className="px-4 py-2 text-xs" data-label="Fields">
              {r.fields.map((f) => `${fieldLabel(f.field)} (${f.level})`).join(", ") || "—"}
            </td>
            <td className="px-4 py-2 text-xs" data-label="Purpose">
              {r.purpose ?? "—"}
            </td>
            <td className="px-4 py-2" data-label="Outcome">
              <Outcome outcome={r.outcome} />
            </td>
            <td className="px-4 py-2 text-right">
              <Button
                size="sm"
                variant="secondary"
                onClick={() => setOpen(r)}
                aria-label={`Details of event ${r.seq ? `#${r.seq}` : r.id.slice(0, 8)}`}
              >
                Details
              </Button>
            </td>
          </tr>
        ))}
      </DataTable>
      <Modal
        open={open !== null}
        onOpenChange={(o) => !o && setOpen(null)}
        title={open ? `Event ${open.seq ? `#${open.seq}` : "(being sealed)"}` : "Event"}
        description={open ? `${open.actionLabel} by ${open.actorLabel}` : undefined}
      >
        {open ? (
          <dl className="mt-4 grid grid-cols-3 gap-x-3 gap-y-2 text-sm">
            {(
              [
                ["When", `${formatDateTime(open.at, { seconds: true })}`],
                ["Actor", open.actorLabel],
                ["Actor id", `${open.actorType} ${open.actorId ?? ""}`],
                ["Target", `${open.targetType ?? "—"} ${open.targetId ?? ""}`],
                ["Records", String(open.targetCount)],
                ["Fields", open.fields.map((f) => `${f.field}:${f.level}`).join(" ") || "—"],
                ["Purpose", open.purpose ?? "—"],
                ["Outcome", open.outcome],
                ["Detail", open.detail ? JSON.stringify(open.detail) : "—"],
                ["Request", open.requestId ?? "—"],
                ["Address", open.ip ?? "—"],
                ["Event id", open.id],
              ] as const
            ).map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="font-medium text-slate-600">{k}</dt>
                <dd className="col-span-2 break-all font-mono text-xs leading-5">{v}</dd>
              </div>
            ))}
          </dl>
        ) : null}
      </Modal>
    </>
  );
}
