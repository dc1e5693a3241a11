import "server-only";
import { randomBytes } from "node:crypto";
import type { MirrorSettings } from "@/lib/mirror/engine";
import { SEMANTIC_TYPES, type TypeName } from "@/lib/masking/types";
import type { Principal } from "@/lib/server/auth/principal";
import { keyedPseudonym, mirrorProjectKey, mirrorUploadKey } from "@/lib/server/crypto/pseudonym";

// The Data Mirror's pseudonym keys: a project's (files join), an upload's (its preview and its
// run agree), or a run's own.

/** Whose runs and uploads these are (staff use the Mirror; the CLI runs as the system). */
export const ownerOf = (actor: Principal) => (actor.kind === "user" ? actor.userId : "system");

/**
 * The pseudonym key of a preview or run: the project's when named (files join), else the
 * upload's, which the preview names and its run passes back (so the preview shows the file's own
 * pseudonyms), else (a run with no preview, as the CLI's) a key of its own.
 */
function runKey(actor: Principal, opts: { project?: string; upload?: string }): Uint8Array {
  if (opts.project) return mirrorProjectKey(opts.project);
  if (opts.upload) return mirrorUploadKey(ownerOf(actor), opts.upload);
  return randomBytes(32);
}

/**
 * A run's pseudonyms: keyed (above) over the type's normalised value, so "4111 1111…" and
 * "4111-1111…" join.
 */
export function runPseudonyms(
  actor: Principal,
  opts: { project?: string; upload?: string },
): MirrorSettings["token"] {
  const key = runKey(actor, opts);
  return (type: TypeName, value: string) =>
    keyedPseudonym(key, type, SEMANTIC_TYPES[type].normalise(value));
}
