import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { roleSchema } from "@/lib/schemas/users";
import type { SystemPrincipal } from "@/lib/server/auth/principal";
import { createUser, listUsers, setUserDisabled, userIdByEmail } from "@/lib/server/users/admin";
import { asCli, parseOptions, UsageError, type Command } from "./command";

const CLI: SystemPrincipal = { kind: "system", name: "cli" };

function readStdin(): string {
  if (process.stdin.isTTY) return "";
  try {
    return readFileSync(0, "utf8").split("\n")[0]!.trim();
  } catch {
    return "";
  }
}

export const userCommands: Command[] = [
  {
    name: "users:create",
    usage: "users:create --email E --role ROLE [--name N]",
    summary: "Create a staff user. Password from stdin, or generated and printed once.",
    help: "ROLE is AGENT, OFFICER, ANALYST or ADMIN. Pipe a password in (echo … | npm run veil -- users:create …) or let Veil generate one.",
    async run(argv) {
      const o = parseOptions(argv, {
        email: { type: "string" },
        role: { type: "string" },
        name: { type: "string" },
      });
      if (!o.email || !o.role) throw new UsageError("--email and --role are required.");
      const role = roleSchema.safeParse(o.role.toUpperCase());
      if (!role.success) throw new UsageError("--role must be AGENT, OFFICER, ANALYST or ADMIN.");
      const piped = readStdin();
      const password = piped || `${randomBytes(15).toString("base64url")}`;
      const name = o.name ?? o.email.split("@")[0]!;
      const { user } = await asCli(() =>
        createUser(CLI, { mode: "password", email: o.email, name, role: role.data, password }),
      );
      console.log(`Created ${user.email} (${user.role}) id=${user.id}`);
      if (!piped) console.log(`Password (shown once): ${password}`);
      return 0;
    },
  },
  {
    name: "users:list",
    usage: "users:list [--search TEXT] [--json]",
    summary: "List staff users.",
    async run(argv) {
      const o = parseOptions(argv, { search: { type: "string" }, json: { type: "boolean" } });
      const rows = [];
      for (let page = 1; ; page++) {
        const r = await asCli(() => listUsers(CLI, { q: o.search ?? "", page, pageSize: 100 }));
        rows.push(...r.rows);
        if (rows.length >= r.total || r.rows.length === 0) break;
      }
      if (o.json) {
        console.log(JSON.stringify(rows));
        return 0;
      }
      for (const u of rows) {
        const state = [
          u.disabled ? "disabled" : "active",
          u.locked ? "locked" : "",
          u.twoFactor ? "2fa" : "",
        ]
          .filter(Boolean)
          .join(",");
        console.log(`${u.email.padEnd(32)} ${u.role.padEnd(8)} ${state.padEnd(20)} ${u.id}`);
      }
      console.log(`${rows.length} user(s)`);
      return 0;
    },
  },
  {
    name: "users:disable",
    usage: "users:disable --email E",
    summary: "Disable a user and end their sessions at once.",
    async run(argv) {
      const o = parseOptions(argv, { email: { type: "string" } });
      if (!o.email) throw new UsageError("--email is required.");
      const row = await asCli(async () =>
        setUserDisabled(CLI, { userId: await userIdByEmail(CLI, o.email), disabled: true }),
      );
      console.log(`Disabled ${row.email}; their sessions have ended.`);
      return 0;
    },
  },
];
