// The dependency gate's decision, apart from running npm: which high or critical advisories in an
// `npm audit --json` report are not accepted in the allow-list. Pure, so it is unit-tested.

export type AllowedAdvisory = {
  /** The advisory's URL, as npm audit reports it (e.g. a GHSA link). */
  url: string;
  package: string;
  /** Why Veil is not exposed, in one sentence. */
  reason: string;
  /** ISO date after which the acceptance lapses and the gate fails again. */
  reviewBy: string;
};

type Via = string | { title?: string; url?: string; severity?: string; name?: string };
export type AuditReport = {
  vulnerabilities?: Record<string, { name: string; severity: string; via: Via[] }>;
  error?: unknown;
  statusCode?: number;
};

export type GateVerdict =
  | { kind: "unavailable"; why: string }
  | { kind: "pass"; accepted: string[] }
  | { kind: "fail"; blocking: { package: string; title: string; url: string; severity: string }[] };

const BLOCKING = new Set(["high", "critical"]);

export function judgeAudit(
  report: AuditReport,
  allow: AllowedAdvisory[],
  today: Date,
): GateVerdict {
  if (!report.vulnerabilities)
    return {
      kind: "unavailable",
      why: report.statusCode ? `the registry answered HTTP ${report.statusCode}` : "no report",
    };
  const live = allow.filter((a) => new Date(a.reviewBy) >= today);
  const blocking: { package: string; title: string; url: string; severity: string }[] = [];
  const accepted = new Set<string>();
  for (const v of Object.values(report.vulnerabilities)) {
    // Only advisories themselves count; a package listed because it depends on a vulnerable one
    // is judged through that package's own entry.
    for (const via of v.via) {
      if (typeof via === "string" || !via.url || !BLOCKING.has(via.severity ?? "")) continue;
      const allowed = live.find((a) => a.url === via.url && a.package === (via.name ?? v.name));
      if (allowed) accepted.add(`${allowed.package}: ${allowed.url}`);
      else
        blocking.push({
          package: via.name ?? v.name,
          title: via.title ?? "",
          url: via.url,
          severity: via.severity!,
        });
    }
  }
  return blocking.length ? { kind: "fail", blocking } : { kind: "pass", accepted: [...accepted] };
}
