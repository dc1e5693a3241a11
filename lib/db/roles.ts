// Least privilege for the application's own database login. The owner role runs migrations;
// the application role reads and writes rows and nothing else: no DDL; on AuditEvent only SELECT
// and INSERT (sealing goes through the owner's `veil_seal_audit`, which checks positions and
// links); the chain head, the archive and the checkpoints are read-only to it (the owner writes
// them: the sealing function and `veil audit:archive`). The append-only trigger refuses changes
// to sealed rows even to the owner.

import { JOBS_SCHEMA } from "@/lib/jobs/queues";

const APPEND_ONLY = ["AuditEvent"];
/** Read-only to the app: written by the owner's sealing function and retention procedure. */
const OWNER_WRITTEN = ["AuditHead", "AuditArchive", "AuditCheckpoint"];
/** Readable only through the owner's accessor functions (migration `secret_accessors`). */
export const SECRET_COLUMNS: Record<string, string[]> = {
  Customer: ["dataKeyWrapped"],
  User: ["passwordHash", "totpSecretSealed"],
  Partner: ["secretHash", "previousSecretHash"],
  RefreshToken: ["tokenHash"],
};
const READ_ONLY = ["_prisma_migrations", ...OWNER_WRITTEN];
/** The owner's accessor functions the app may call (migration `review_hardening`). */
const ACCESSORS = [
  "veil_customer_keys(uuid[])",
  "veil_keys_to_rewrap(varchar, int, uuid)",
  "veil_password_salt(uuid)",
  "veil_password_matches(uuid, varchar)",
  "veil_user_totp_secret(uuid)",
  "veil_partner_secret_matches(varchar, varchar)",
  "veil_rotate_partner_secret(uuid, varchar, timestamp)",
  "veil_spend_refresh_token(varchar, uuid)",
  "veil_revoke_refresh_family(varchar, uuid)",
  "veil_lock_audit_head(boolean)",
  "veil_seal_audit(uuid[], bigint[], varchar[], varchar[])",
];

const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`unsafe role name: ${name}`);
  return name;
};
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** The SQL `veil db:roles` prints and, with --apply, runs as the owner. Idempotent. */
export function appRoleSql(opts: {
  role: string;
  password: string;
  database: string;
  owner: string;
}): string {
  const role = ident(opts.role);
  const owner = ident(opts.owner);
  const database = opts.database.replace(/"/g, '""');
  return `-- Veil: the restricted application role (run as the schema owner; safe to rerun).
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${literal(role)}) THEN
    CREATE ROLE ${role} LOGIN PASSWORD ${literal(opts.password)};
  ELSE
    ALTER ROLE ${role} LOGIN PASSWORD ${literal(opts.password)};
  END IF;
END $$;
ALTER ROLE ${role} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
GRANT CONNECT ON DATABASE "${database}" TO ${role};
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON SCHEMA public FROM ${role};
GRANT USAGE ON SCHEMA public TO ${role};
-- Row access to every current table, then narrower rights on the audit and migration tables.
DO $$ DECLARE t record; BEGIN
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
    EXECUTE format('REVOKE ALL ON TABLE public.%I FROM ${role}', t.tablename);
    IF t.tablename = ANY (ARRAY[${APPEND_ONLY.map(literal).join(", ")}]) THEN
      EXECUTE format('GRANT SELECT, INSERT ON TABLE public.%I TO ${role}', t.tablename);
    ELSIF t.tablename = ANY (ARRAY[${READ_ONLY.map(literal).join(", ")}]) THEN
      EXECUTE format('GRANT SELECT ON TABLE public.%I TO ${role}', t.tablename);
    ELSIF t.tablename = ANY (ARRAY[${Object.keys(SECRET_COLUMNS).map(literal).join(", ")}]) THEN
      -- Every column but the secret ones; writes stay table-wide (rotation re-wraps keys).
      EXECUTE (SELECT format('GRANT SELECT (%s) ON TABLE public.%I TO ${role}', string_agg(quote_ident(c.column_name), ', '), t.tablename)
               FROM information_schema.columns c
               WHERE c.table_schema = 'public' AND c.table_name = t.tablename
                 AND NOT (c.table_name || '.' || c.column_name) = ANY (ARRAY[${Object.entries(
                   SECRET_COLUMNS,
                 )
                   .flatMap(([t, cols]) => cols.map((c) => literal(`${t}.${c}`)))
                   .join(", ")}]));
      EXECUTE format('GRANT INSERT, UPDATE, DELETE ON TABLE public.%I TO ${role}', t.tablename);
    ELSE
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE public.%I TO ${role}', t.tablename);
    END IF;
  END LOOP;
END $$;
REVOKE ALL ON FUNCTION ${ACCESSORS.join(", ")} FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ${ACCESSORS.join(", ")} TO ${role};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role};
-- Tables that later migrations create get row access automatically.
ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role};
ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${role};
-- The job runner's rows (schema ${JOBS_SCHEMA}, installed with the migrations): read and written,
-- never created or dropped (its queues are made by the owner).
DO $$ BEGIN
  IF EXISTS (SELECT FROM pg_namespace WHERE nspname = ${literal(JOBS_SCHEMA)}) THEN
    EXECUTE 'GRANT USAGE ON SCHEMA ${JOBS_SCHEMA} TO ${role}';
    EXECUTE 'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${JOBS_SCHEMA} TO ${role}';
    EXECUTE 'ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${JOBS_SCHEMA} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}';
  END IF;
END $$;
`;
}
