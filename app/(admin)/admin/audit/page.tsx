import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/policy/capabilities";
import { viewerForPage } from "@/lib/server/auth/viewer";
import { actionOptions } from "@/lib/server/audit/catalogue";
import {
  auditActivity,
  auditFilterOptions,
  RECORD_ACCESS_ACTIONS,
  searchAudit,
} from "@/lib/server/audit/query";
import type { Principal } from "@/lib/server/auth/principal";
import { isAppError } from "@/lib/server/errors";
import { ActivityChart } from "./_components/activity-chart";
import { AuditFilters } from "./_components/audit-filters";
import { AuditTable } from "./_components/audit-table";
import { ChainStatus } from "./_components/chain-status";

export const metadata: Metadata = { title: "Audit trail" };

type Params = Record<string, string | string[] | undefined>;

/** The query string as single values (a repeated parameter keeps its first value). */
function single(params: Params): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params)
      .map(([k, v]) => [k, Array.isArray(v) ? v[0] : v] as const)
      .filter((e): e is [string, string] => typeof e[1] === "string"),
  );
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Params> }) {
  const viewer = await viewerForPage("/admin/audit");
  const params = single(await searchParams);
  const everything = can(viewer, "audit.read");
  const options = await auditFilterOptions(viewer);
  const result = await searchAudit(viewer, params).catch((err) => {
    if (isAppError(err) && err.code === "VALIDATION") return { error: err.userMessage };
    throw err;
  });
  const { cursor: _cursor, ...filters } = params;
  const filterQuery = new URLSearchParams(filters).toString();
  return (
    <>
      <PageHeader
        title="Audit trail"
        description={
          everything
            ? "Every access to customer data and every change, newest first. Reading this trail is itself recorded."
            : "Who read, searched for or revealed customer data, newest first. Reading this trail is itself recorded."
        }
      />
      {everything ? (
        <Suspense
          fallback={
            <p role="status" className="mb-4 text-sm text-slate-600">
              Verifying the hash chain…
            </p>
          }
        >
          <ChainStatus />
        </Suspense>
      ) : null}
      {/* The overview chart on the unfiltered page; a filtered search puts its results first. */}
      {everything && Object.keys(params).length === 0 ? (
        <Suspense fallback={null}>
          <Activity viewer={viewer} />
        </Suspense>
      ) : null}
      <AuditFilters
        values={filters}
        actions={actionOptions(everything ? undefined : RECORD_ACCESS_ACTIONS)}
        users={options.users}
        partners={options.partners}
      />
      {"error" in result ? (
        <Notice tone="error" className="mt-4">
          {result.error}
        </Notice>
      ) : (
        <>
          <div className="mb-2 mt-6 flex flex-wrap items-center justify-between gap-2 text-sm">
            <p className="text-slate-600">
              {result.rows.length === 0
                ? "No events match."
                : `Showing ${result.rows.length} event${result.rows.length === 1 ? "" : "s"}${params.cursor ? " (older page)" : ""}.`}
            </p>
            <p className="flex gap-3">
              <a
                className="text-brand-700 underline"
                href={`/api/audit/export?${filterQuery}${filterQuery ? "&" : ""}format=csv`}
              >
                Export CSV
              </a>
              <a
                className="text-brand-700 underline"
                href={`/api/audit/export?${filterQuery}${filterQuery ? "&" : ""}format=json`}
              >
                Export JSON
              </a>
            </p>
          </div>
          <AuditTable rows={result.rows} />
          <nav aria-label="Pagination" className="mt-4 flex justify-between text-sm">
            {params.cursor ? (
              <Link
                className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50"
                href={`/admin/audit?${filterQuery}`}
              >
                Newest
              </Link>
            ) : (
              <span />
            )}
            {result.nextCursor ? (
              <Link
                className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50"
                href={`/admin/audit?${new URLSearchParams({ ...filters, cursor: result.nextCursor })}`}
              >
                Older events
              </Link>
            ) : null}
          </nav>
        </>
      )}
    </>
  );
}

async function Activity({ viewer }: { viewer: Principal }) {
  return <ActivityChart days={await auditActivity(viewer)} />;
}
