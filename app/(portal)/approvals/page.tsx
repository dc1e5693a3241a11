import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/policy/capabilities";
import { viewerForPage } from "@/lib/server/auth/viewer";
import { listRevealRequests } from "@/lib/server/customers/reveal-requests";
import { listErasureRequests } from "@/lib/server/gdpr/erasure";
import { ErasureItem } from "./_components/erasure-item";
import { RequestList } from "./_components/request-list";
import { RevealHistory, RevealToDecide } from "./_components/reveal-items";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage() {
  const viewer = await viewerForPage("/approvals");
  const reveals = can(viewer, "reveal.decide");
  const erasures = can(viewer, "gdpr.erase_decide") || can(viewer, "gdpr.erase_request");
  const { toDecide, mine, decidedByMe } = reveals
    ? await listRevealRequests(viewer)
    : { toDecide: [], mine: [], decidedByMe: [] };
  const erasureRows = erasures ? await listErasureRequests(viewer) : [];
  return (
    <>
      <PageHeader
        title="Approvals"
        description={
          reveals
            ? "Full card-number reveals and erasures need a second person (four-eyes). You cannot approve your own. A reveal approval is used once, within an hour."
            : "Erasures need a second person (four-eyes): approving one erases the customer at once."
        }
      />
      {erasures ? (
        <RequestList
          id="erasures"
          title="Erasure requests (30 days)"
          items={erasureRows}
          empty="No erasure requests."
          render={(r) => <ErasureItem r={r} />}
        />
      ) : null}
      {reveals ? (
        <>
          <RequestList
            id="to-decide"
            title="Waiting for you"
            items={toDecide}
            empty="Nothing to approve right now."
            render={(r) => <RevealToDecide r={r} />}
          />
          <RequestList
            id="mine"
            title="Your requests (7 days)"
            items={mine}
            empty="You have no recent requests."
            render={(r) => <RevealHistory r={r} who="You asked to reveal" />}
          />
          <RequestList
            id="decided"
            title="Decided by you (7 days)"
            items={decidedByMe}
            empty="You have not decided any request recently."
            render={(r) => <RevealHistory r={r} who={`${r.requestedByName} asked to reveal`} />}
          />
        </>
      ) : null}
    </>
  );
}
