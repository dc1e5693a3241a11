import { ScrollRegion } from "@/components/ui/scroll-region";
import type { Metadata } from "next";
import { PublicHeader } from "@/components/public-header";
import {
  CUSTOMER_FIELDS,
  FIELD_NAMES,
  type CustomerFieldName,
  type FieldEntry,
} from "@/lib/fields/catalogue";
import type { Level } from "@/lib/masking/levels";
import { ROLE_LABELS, type RoleName } from "@/lib/policy/capabilities";
import { levelFor, mayReveal, POLICY, REVEAL_PURPOSES } from "@/lib/policy/field-policy";
import { periodLabel, retentionRules } from "@/lib/policy/retention";

// Rendered per request: the retention periods come from the running server's configuration.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Privacy: records of processing" };

// The records of processing (GDPR art. 30), generated from the policy table and the field
// catalogue the code enforces, so the page cannot drift from what Veil does.

const LEVEL_TEXT: Record<Level, string> = {
  plain: "In full",
  partial: "Partly masked",
  last4: "Last 4 only",
  token: "Pseudonym",
  generalised: "Generalised",
  redacted: "Redacted",
  hidden: "Not shown",
};

function subjectLabel(subject: string): string {
  const [kind, name] = subject.split(":") as [string, string];
  return kind === "role" ? (ROLE_LABELS[name as RoleName] ?? name) : `Partner profile “${name}”`;
}

function Cell({ subject, field }: { subject: string; field: CustomerFieldName }) {
  const level = levelFor(subject, field);
  return (
    <td className="px-3 py-2 text-slate-700">
      {LEVEL_TEXT[level]}
      {mayReveal(subject, field) ? (
        <span className="block text-xs text-amber-800">
          may reveal
          {(CUSTOMER_FIELDS[field] as FieldEntry).fourEyes ? " (second officer approves)" : ""}
        </span>
      ) : null}
    </td>
  );
}

export default function PrivacyPage() {
  const subjects = Object.keys(POLICY);
  return (
    <div className="min-h-screen bg-slate-50">
      <PublicHeader />
      <main id="main" className="mx-auto max-w-5xl space-y-8 px-4 py-10 sm:px-6">
        <div>
          <h1 className="text-3xl font-semibold tracking-tight text-brand-900">
            Records of processing
          </h1>
          <p className="mt-2 max-w-3xl text-slate-600">
            What customer data Veil holds, why, who sees how much of it, and how long it is kept.
            This page is generated from the same policy table the application enforces.
          </p>
        </div>

        <section aria-labelledby="what" className="rounded-lg border border-slate-200 bg-white p-5">
          <h2 id="what" className="text-lg font-semibold text-slate-900">
            What is held
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            Each customer has its own data key; every personal field is encrypted with it at rest
            (AES-256-GCM). Exact search uses keyed hashes, never the values.
          </p>
          <ul className="mt-3 grid gap-2 text-sm sm:grid-cols-2">
            {FIELD_NAMES.map((f) => (
              <li key={f} className="rounded-md border border-slate-100 px-3 py-2">
                <span className="font-medium text-slate-900">{CUSTOMER_FIELDS[f].label}</span>
                <span className="block text-xs text-slate-600">
                  Encrypted
                  {(CUSTOMER_FIELDS[f] as FieldEntry).blindIndex
                    ? "; exact search by keyed hash"
                    : ""}
                  {CUSTOMER_FIELDS[f].revealable ? "; may be revealed in full (audited)" : ""}
                </span>
              </li>
            ))}
          </ul>
        </section>

        <section aria-labelledby="who" className="rounded-lg border border-slate-200 bg-white p-5">
          <h2 id="who" className="text-lg font-semibold text-slate-900">
            Who sees what
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            Every read, search, reveal and export is recorded in a tamper-evident audit trail.
          </p>
          <ScrollRegion label="Who sees what" className="mt-3">
            <table className="w-full text-left text-sm">
              <thead className="bg-slate-50 text-xs uppercase text-slate-500">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    Field
                  </th>
                  {subjects.map((s) => (
                    <th key={s} scope="col" className="px-3 py-2">
                      {subjectLabel(s)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {FIELD_NAMES.map((f) => (
                  <tr key={f}>
                    <th scope="row" className="px-3 py-2 font-medium text-slate-900">
                      {CUSTOMER_FIELDS[f].label}
                    </th>
                    {subjects.map((s) => (
                      <Cell key={s} subject={s} field={f} />
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </section>

        <section aria-labelledby="why" className="rounded-lg border border-slate-200 bg-white p-5">
          <h2 id="why" className="text-lg font-semibold text-slate-900">
            Why
          </h2>
          <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-700">
            <li>Customer service: staff see masked records to identify and help customers.</li>
            <li>
              Full values are revealed only for a stated purpose and case:{" "}
              {Object.values(REVEAL_PURPOSES).join("; ")}.
            </li>
            <li>
              Partners receive what their contract&apos;s profile allows, each access recorded under
              the purpose the contract names.
            </li>
            <li>
              Subject access requests: an officer exports a customer&apos;s data and its access
              history. An export is a reveal: it counts toward the officer&apos;s daily reveal
              budget and the reveal alerts, one customer is exported at most three times a day, and
              a full card number is included only when a second officer approved its reveal for the
              same case reference (otherwise it is masked, and the export says so).
            </li>
          </ul>
        </section>

        <section aria-labelledby="kept" className="rounded-lg border border-slate-200 bg-white p-5">
          <h2 id="kept" className="text-lg font-semibold text-slate-900">
            How long
          </h2>
          <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-700">
            {retentionRules().map((rule) => (
              <li key={rule.id} data-retention={rule.id}>
                {rule.records}: kept {periodLabel(rule.days)} from {rule.from}, then {rule.then}.
              </li>
            ))}
            <li>
              Audit events hold ids and field names, never values. A customer can also be erased on
              request (GDPR art. 17): one officer asks, another officer or an admin approves, and a
              deletion certificate records it.
            </li>
            <li>
              Data Mirror uploads: not kept at all. A file is masked as it streams through; only its
              size, row count and column rules are recorded.
            </li>
          </ul>
        </section>
      </main>
    </div>
  );
}
