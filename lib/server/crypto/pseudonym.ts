import "server-only";
import { createHmac, hkdfSync } from "node:crypto";
import { env } from "@/lib/env";

/**
 * A keyed pseudonym: equal values under one key give equal tokens (joins work), different keys
 * give unrelated tokens, and nothing is recoverable without the key. The caller owns the key — a
 * per-upload key for the Data Mirror, a named project key when files must join.
 */
export function keyedPseudonym(key: Uint8Array, label: string, value: string): string {
  return `tok_${createHmac("sha256", key).update(`${label}|${value}`).digest("base64url").slice(0, 22)}`;
}

/**
 * A Data Mirror project key: derived from the server's blind-index secret and the project name,
 * so every file mirrored under one project joins, and no project's tokens match another's (or
 * the portal's, which use a different derivation).
 */
export function mirrorProjectKey(project: string): Buffer {
  return Buffer.from(
    hkdfSync("sha256", env().VEIL_BLIND_INDEX_KEY!, "veil-mirror-project", project, 32),
  );
}

/**
 * One Data Mirror upload's key, for its preview and its run alike: derived from the same secret,
 * the user and the upload id the preview handed out, so the preview shows the file's own
 * pseudonyms, the key never leaves the server, and nobody else's run can reproduce it.
 */
export function mirrorUploadKey(actor: string, upload: string): Buffer {
  return Buffer.from(
    hkdfSync("sha256", env().VEIL_BLIND_INDEX_KEY!, "veil-mirror-upload", `${actor}|${upload}`, 32),
  );
}
