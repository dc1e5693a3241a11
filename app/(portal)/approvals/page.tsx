import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/policy/capabilities";
import { viewerOrRedirect } from "@/lib/server/auth/viewer";
import { listRevealRequests } from "@/lib/server/customers/reveal-requests";
import { DecideButtons } from "./decide-buttons";

export const metadata: Metadata = { title: "Approvals" };

const when = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "short",
  timeStyle: "short",
  timeZone: "UTC",
});

export default async function ApprovalsPage() {
  const viewer = await viewerOrRedirect();
  if (!can(viewer, "reveal.decide")) notFound();
  const requests = await listRevealRequests(viewer);
  const toDecide = requests.filter((r) => !r.mine && r.status === "pending");
  const mine = requests.filter((r) => r.mine);
  return (
    <>
      <PageHeader
        title="Approvals"
        description="Full card-number reveals need a second officer (four-eyes). You cannot approve your own."
      />
      <section aria-labelledby="to-decide" className="mb-8">
        <h2
          id="to-decide"
          className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500"
        >
          Waiting for you
        </h2>
        {toDecide.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-8 text-center text-sm text-slate-500">
            Nothing to approve right now.
          </p>
        ) : (
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm">
            {toDecide.map((r) => (
              <li
                key={r.id}
                className="flex flex-wrap items-center justify-between gap-4 px-5 py-4"
              >
                <div>
                  <p className="font-medium">{r.requestedByName} asks to reveal a card number</p>
                  <p className="text-sm text-slate-600">
                    {r.purpose} · case {r.caseRef} ·{" "}
                    <Link className="text-brand-700 underline" href={`/customers/${r.customerId}`}>
                      customer
                    </Link>{" "}
                    · {when.format(new Date(r.createdAt))} UTC
                  </p>
                </div>
                <DecideButtons requestId={r.id} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="mine">
        <h2 id="mine" className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">
          Your requests (24 h)
        </h2>
        {mine.length === 0 ? (
          <p className="text-sm text-slate-500">You have no recent requests.</p>
        ) : (
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm">
            {mine.map((r) => (
              <li key={r.id} className="flex items-center justify-between px-5 py-3 text-sm">
                <span>
                  <Link className="text-brand-700 underline" href={`/customers/${r.customerId}`}>
                    Customer
                  </Link>{" "}
                  · {r.purpose}
                </span>
                <Badge
                  tone={
                    r.status === "approved" ? "green" : r.status === "pending" ? "amber" : "neutral"
                  }
                >
                  {r.status}
                </Badge>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
