import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { constants, PerformanceObserver } from "node:perf_hooks";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { env } from "@/lib/env";

// Operational metrics in Prometheus format. Labels are route templates, reason codes and kinds:
// never an id, an address or anything a person typed, so no series carries personal data.

function build() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "veil_" });
  const m = {
    registry,
    httpRequests: new Counter({
      name: "veil_http_requests_total",
      help: "API requests by route template, method and status.",
      labelNames: ["route", "method", "status"] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "veil_http_request_duration_seconds",
      help: "API request latency by route template and method.",
      labelNames: ["route", "method"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    loginFailures: new Counter({
      name: "veil_login_failures_total",
      help: "Refused sign-ins by reason.",
      labelNames: ["reason"] as const,
      registers: [registry],
    }),
    limiterRejections: new Counter({
      name: "veil_rate_limit_rejections_total",
      help: "Requests refused by a rate limit, by limiter.",
      labelNames: ["limiter"] as const,
      registers: [registry],
    }),
    reveals: new Counter({
      name: "veil_reveals_total",
      help: "Reveal attempts by outcome.",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    auditAppend: new Histogram({
      name: "veil_audit_append_seconds",
      help: "Time to append one audit event inside its transaction.",
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
      registers: [registry],
    }),
    dekCache: new Counter({
      name: "veil_dek_cache_total",
      help: "Data-key lookups by outcome (hit: from memory; miss: unwrapped by the key provider).",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    maskedRowCache: new Counter({
      name: "veil_masked_row_cache_total",
      help: "Customer rows masked for a page by outcome (hit: reused from memory; miss: decrypted and masked).",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    keyProviderCalls: new Counter({
      name: "veil_key_provider_calls_total",
      help: "Data keys wrapped or unwrapped by the key provider (an HSM call each with pkcs11).",
      labelNames: ["provider", "op"] as const,
      registers: [registry],
    }),
    alertsRaised: new Counter({
      name: "veil_alerts_raised_total",
      help: "Alerts raised by kind and severity.",
      labelNames: ["kind", "severity"] as const,
      registers: [registry],
    }),
  };
  observeLiveMemory(registry);
  return m;
}

/**
 * Memory the process actually holds, read right after each full (mark-compact) collection: heap
 * in use plus buffers outside it. Unlike RSS or a heap sample, it excludes garbage awaiting
 * collection and the heap's spare capacity (V8 may keep hundreds of MB reserved after a busy
 * spell), so it shows whether a stream is being held in memory.
 */
function observeLiveMemory(registry: Registry) {
  const live = new Gauge({
    name: "veil_process_live_memory_bytes",
    help: "Heap in use plus external buffers, right after the last full garbage collection.",
    registers: [registry],
  });
  const fullCollections = new Counter({
    name: "veil_nodejs_full_gc_total",
    help: "Full (mark-compact) garbage collections.",
    registers: [registry],
  });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const { detail } = entry as unknown as { detail?: { kind?: number } };
      if (detail?.kind !== constants.NODE_PERFORMANCE_GC_MAJOR) continue;
      const mem = process.memoryUsage();
      live.set(mem.heapUsed + mem.external);
      fullCollections.inc();
    }
  }).observe({ entryTypes: ["gc"] });
}

// One registry per process: Next may load this module more than once (route handlers and server
// components are separate bundles), and every copy must count into the same series.
const KEY = Symbol.for("veil.metrics");
type Metrics = ReturnType<typeof build>;
export function metrics(): Metrics {
  const g = globalThis as { [KEY]?: Metrics };
  return (g[KEY] ??= build());
}

/** Whether a request may read the metrics: the configured bearer token, compared in constant time. */
export function metricsAuthorized(authorization: string | null): "off" | "ok" | "refused" {
  const token = env().VEIL_METRICS_TOKEN;
  if (!token) return "off";
  const given = /^Bearer (\S+)$/.exec(authorization ?? "")?.[1] ?? "";
  const digest = (v: string) => createHash("sha256").update(v).digest();
  return timingSafeEqual(digest(given), digest(token)) ? "ok" : "refused";
}

/**
 * Counts what an audit event says happened (sign-in failures, reveals). Counted on append, so an
 * event whose transaction later rolls back is still counted: metrics are for trends, the audit
 * trail is the record.
 */
export function countAuditEvent(e: {
  action: string;
  outcome: string;
  detail: Record<string, unknown> | null;
}) {
  const m = metrics();
  if (e.action === "auth.login" && e.outcome !== "success") {
    const reason = typeof e.detail?.reason === "string" ? e.detail.reason : "unknown";
    m.loginFailures.inc({ reason });
    if (reason === "rate_limited") m.limiterRejections.inc({ limiter: "login" });
  }
  if (e.action === "customer.reveal") m.reveals.inc({ outcome: e.outcome });
}
