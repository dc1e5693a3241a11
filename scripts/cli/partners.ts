import type { SystemPrincipal } from "@/lib/server/auth/principal";
import {
  createPartner,
  listPartners,
  partnerIdByClientId,
  rotatePartnerSecret,
  setPartnerDisabled,
  changePartnerSharing,
} from "@/lib/server/partners";
import { rotateSigningKey } from "@/lib/server/partners/tokens";
import { asCli, parseOptions, UsageError, type Command } from "./command";

const CLI: SystemPrincipal = { kind: "system", name: "cli" };

const list = (v: string | undefined) =>
  (v ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

export const partnerCommands: Command[] = [
  {
    name: "partners:create",
    usage:
      "partners:create --name N --profile P --scopes S[,S] [--purpose CODE] [--per-minute N] [--per-hour N] [--per-day N] [--ip CIDR,…] [--cors ORIGIN,…] [--json]",
    summary: "Create a partner integration; prints its client id and secret once.",
    help: "Profiles and scopes come from the policy table (e.g. --profile basic --scopes customers:read). The secret is stored only as a hash: keep the printed value.",
    async run(argv) {
      const o = parseOptions(argv, {
        name: { type: "string" },
        profile: { type: "string" },
        scopes: { type: "string" },
        purpose: { type: "string" },
        "per-minute": { type: "string" },
        "per-hour": { type: "string" },
        "per-day": { type: "string" },
        ip: { type: "string" },
        cors: { type: "string" },
        json: { type: "boolean" },
      });
      if (!o.name || !o.profile || !o.scopes)
        throw new UsageError("--name, --profile and --scopes are required.");
      const { clientId, clientSecret, partner } = await asCli(() =>
        createPartner(CLI, {
          name: o.name,
          profile: o.profile,
          scopes: list(o.scopes),
          ...(o.purpose ? { purpose: o.purpose } : {}),
          ...(o["per-minute"] ? { perMinute: Number(o["per-minute"]) } : {}),
          ...(o["per-hour"] ? { perHour: Number(o["per-hour"]) } : {}),
          ...(o["per-day"] ? { perDay: Number(o["per-day"]) } : {}),
          ipAllowList: list(o.ip),
          corsOrigins: list(o.cors),
        }),
      );
      if (o.json) console.log(JSON.stringify({ clientId, clientSecret }));
      else {
        console.log(`Created ${partner.name} (${partner.profile}; ${partner.scopes.join(", ")})`);
        console.log(`Client id:     ${clientId}`);
        console.log(`Client secret: ${clientSecret}  (shown once)`);
      }
      return 0;
    },
  },
  {
    name: "partners:list",
    usage: "partners:list [--json]",
    summary: "List partner integrations (never their secrets).",
    async run(argv) {
      const o = parseOptions(argv, { json: { type: "boolean" } });
      const rows = await asCli(() => listPartners(CLI));
      if (o.json) {
        console.log(JSON.stringify(rows));
        return 0;
      }
      for (const p of rows)
        console.log(
          `${p.clientId.padEnd(22)} ${p.name.slice(0, 30).padEnd(30)} ${p.profile.padEnd(8)} ${p.disabled ? "disabled" : "active  "} ${p.sharedCount} shared`,
        );
      console.log(`${rows.length} partner(s)`);
      return 0;
    },
  },
  {
    name: "keys:rotate-signing",
    usage: "keys:rotate-signing",
    summary:
      "Start signing partner tokens with a new key; the old one stays published until its tokens expire.",
    async run() {
      const { kid, retired } = await asCli(() => rotateSigningKey(CLI));
      console.log(
        `New signing key ${kid} is active; ${retired} older key(s) retired (still accepted for 11 minutes).`,
      );
      return 0;
    },
  },
  {
    name: "partners:disable",
    usage: "partners:disable --client-id ID",
    summary: "Disable a partner: its secret stops working at once.",
    async run(argv) {
      const o = parseOptions(argv, { "client-id": { type: "string" } });
      if (!o["client-id"]) throw new UsageError("--client-id is required.");
      const row = await asCli(async () =>
        setPartnerDisabled(CLI, {
          partnerId: await partnerIdByClientId(CLI, o["client-id"]),
          disabled: true,
        }),
      );
      console.log(`Disabled partner ${row.name} (${row.clientId}); its tokens stop working.`);
      return 0;
    },
  },
  {
    name: "partners:share",
    usage: "partners:share --client-id ID (--customers ID[,ID…] | --all) [--stop]",
    summary:
      "Share customers with a partner (the only records its API calls can see); --stop stops sharing them.",
    async run(argv) {
      const o = parseOptions(argv, {
        "client-id": { type: "string" },
        customers: { type: "string" },
        all: { type: "boolean" },
        stop: { type: "boolean" },
      });
      if (!o["client-id"] || (!o.customers && !o.all) || (o.customers && o.all))
        throw new UsageError("--client-id and one of --customers or --all are required.");
      const { changed, sharedCount } = await asCli(async () =>
        changePartnerSharing(CLI, {
          partnerId: await partnerIdByClientId(CLI, o["client-id"]),
          change: o.stop ? "stop" : "share",
          customers: o.all ? { kind: "all" } : { kind: "chosen", ids: list(o.customers) },
        }),
      );
      console.log(
        `${o.stop ? "Stopped sharing" : "Shared"} ${changed} customer(s) with ${o["client-id"]}; it now sees ${sharedCount}.`,
      );
      return 0;
    },
  },
  {
    name: "partners:rotate-secret",
    usage: "partners:rotate-secret --client-id ID [--overlap-minutes N] [--json]",
    summary:
      "Issue a new client secret (shown once); the old one and its tokens work for the overlap (default 60; 0 after a leak).",
    async run(argv) {
      const o = parseOptions(argv, {
        "client-id": { type: "string" },
        "overlap-minutes": { type: "string" },
        json: { type: "boolean" },
      });
      if (!o["client-id"]) throw new UsageError("--client-id is required.");
      const r = await asCli(async () =>
        rotatePartnerSecret(CLI, {
          partnerId: await partnerIdByClientId(CLI, o["client-id"]),
          ...(o["overlap-minutes"] !== undefined
            ? { overlapMinutes: Number(o["overlap-minutes"]) }
            : {}),
        }),
      );
      if (o.json) console.log(JSON.stringify(r));
      else {
        console.log(`Client secret: ${r.clientSecret}  (shown once)`);
        console.log(`The previous secret works until ${r.previousValidUntil}.`);
      }
      return 0;
    },
  },
];
