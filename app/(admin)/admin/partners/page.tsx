import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { REVEAL_PURPOSES, type RevealPurpose } from "@/lib/policy/field-policy";
import { viewerForPage } from "@/lib/server/auth/viewer";
import { listPartners } from "@/lib/server/partners";
import { CreatePartnerButton } from "./_components/create-partner";
import { PartnerActions } from "./_components/partner-actions";

export const metadata: Metadata = { title: "Partners" };

const limits = (p: { perMinute: number; perHour: number | null; perDay: number }) =>
  [
    `${p.perMinute.toLocaleString("en-GB")}/min`,
    p.perHour ? `${p.perHour.toLocaleString("en-GB")}/h` : null,
    `${p.perDay.toLocaleString("en-GB")}/day`,
  ]
    .filter(Boolean)
    .join(" · ");

export default async function PartnersPage() {
  const viewer = await viewerForPage("/admin/partners");
  const partners = await listPartners(viewer);
  return (
    <>
      <PageHeader
        title="Partners"
        description="Integrations calling the partner API: what each may see, how often, and from where. Every change here is audited."
        actions={<CreatePartnerButton />}
      />
      <DataTable
        caption="Partner integrations"
        columns={[
          { label: "Partner" },
          { label: "Access" },
          { label: "Customers" },
          { label: "Limits" },
          { label: "Network" },
          { label: "Status" },
          { label: "Actions", srOnly: true },
        ]}
        isEmpty={partners.length === 0}
        empty="No partners yet. Create one to issue client credentials."
      >
        {partners.map((p) => (
          <tr key={p.id} className={p.disabled ? "bg-slate-50/60 text-slate-500" : ""}>
            <td className="px-4 py-3">
              <div className="font-medium text-slate-900">{p.name}</div>
              <div className="font-mono text-xs text-slate-500">{p.clientId}</div>
            </td>
            <td className="px-4 py-3 text-sm">
              <div>
                <Badge tone="brand">{p.profile}</Badge> {p.scopes.join(", ")}
              </div>
              <div className="text-xs text-slate-500">
                Audited as {REVEAL_PURPOSES[p.purpose as RevealPurpose] ?? p.purpose}
              </div>
            </td>
            <td className="px-4 py-3 text-sm" data-label="Customers">
              <SharedCount count={p.sharedCount} />
            </td>
            <td className="px-4 py-3 text-sm whitespace-nowrap" data-label="Limits">
              {limits(p)}
            </td>
            <td className="px-4 py-3 text-xs text-slate-600">
              <div>{p.ipAllowList.length ? p.ipAllowList.join(", ") : "Any address"}</div>
              <div>{p.corsOrigins.length ? p.corsOrigins.join(", ") : "No browser origins"}</div>
            </td>
            <td className="px-4 py-3">
              {p.disabled ? <Badge tone="red">Disabled</Badge> : <Badge tone="green">Active</Badge>}
            </td>
            <td className="px-4 py-3 text-right">
              <PartnerActions partner={p} />
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}

/** How many customers a partner sees; none is said plainly, since its API answers empty lists. */
function SharedCount({ count }: { count: number }) {
  if (count === 0)
    return (
      <div>
        <Badge tone="amber">Sees none</Badge>
        <div className="mt-1 max-w-48 text-xs text-slate-500">
          Its API answers empty lists until you share customers with it.
        </div>
      </div>
    );
  return <span className="tabular-nums">{count.toLocaleString("en-GB")} shared</span>;
}
