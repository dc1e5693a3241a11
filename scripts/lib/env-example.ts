// `.env.example` as the env schema describes it (lib/env.ts is the one home of every setting):
// `npm run env:example` writes it, tests/unit/env-example.test.ts fails when the file differs.
import { settingsDocumentation } from "@/lib/env";

const HEADER = `# Veil's settings, generated from lib/env.ts by \`npm run env:example\` (do not edit by hand).
# The quick start (\`npm install && npm start\`) needs none of this. For PostgreSQL, Redis or the
# container, copy it to .env and set the uncommented lines; commented lines show each default.
# Generate each secret with: openssl rand -base64 32`;

/** Read by compose.yaml only (the database container's role passwords), not by Veil itself. */
const COMPOSE = `# Compose: the password of the schema owner (migrations); the app role's is VEIL_APP_DB_PASSWORD.
VEIL_OWNER_DB_PASSWORD=`;

/** One paragraph of `text` as comment lines of at most `width` characters. */
function comment(text: string, width = 100): string[] {
  const lines: string[] = [];
  let line = "#";
  for (const word of text.split(/\s+/)) {
    if (line.length + 1 + word.length > width && line !== "#") {
      lines.push(line);
      line = "#";
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines;
}

export function renderEnvExample(): string {
  const groups = new Map<string, string[]>();
  for (const s of settingsDocumentation()) {
    if (s.internal) continue;
    const out = groups.get(s.group) ?? [];
    const shown = s.default === undefined ? "" : String(s.default);
    out.push(
      ...comment(s.description),
      s.production !== undefined ? `${s.name}=${s.production}` : `# ${s.name}=${shown}`,
    );
    groups.set(s.group, out);
  }
  const sections = [...groups].map(([group, lines]) => [`# ---- ${group}`, ...lines].join("\n"));
  return [HEADER, ...sections, COMPOSE].join("\n\n") + "\n";
}
