import "server-only";
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  type Cipher,
  type Decipher,
} from "node:crypto";
import { env } from "@/lib/env";

function subkey(label: string): Buffer {
  return Buffer.from(
    hkdfSync("sha256", env().VEIL_BLIND_INDEX_KEY!, "veil-blind-index", label, 32),
  );
}

type Keys = {
  secret: string;
  index: Buffer;
  name: Buffer;
  /** ECB without padding maps each 16-byte block independently: one long-lived cipher serves all. */
  tokenCipher: Cipher;
  tokenDecipher: Decipher;
};
let keys: Keys | null = null;
function derived(): Keys {
  const secret = env().VEIL_BLIND_INDEX_KEY!;
  if (keys?.secret !== secret) {
    const token = subkey("token");
    keys = {
      secret,
      index: subkey("index"),
      name: subkey("name"),
      tokenCipher: createCipheriv("aes-256-ecb", token, null).setAutoPadding(false),
      tokenDecipher: createDecipheriv("aes-256-ecb", token, null).setAutoPadding(false),
    };
  }
  return keys;
}

/**
 * Exact-match search without plaintext: HMAC-SHA256 of the normalised value, per field, truncated
 * to 128 bits. Equal inputs give equal indexes; nothing about a partial value matches.
 */
export function blindIndex(field: string, normalised: string): string {
  return createHmac("sha256", derived().index)
    .update(`${field}|${normalised}`)
    .digest("hex")
    .slice(0, 32);
}

/**
 * Pseudonymous token for analysts: stable per value (joins work), useless without the key. It is
 * the field's blind index under a keyed permutation (AES on one 16-byte block), so the server —
 * and only the server — can turn a token back into the index and find its record, without ever
 * learning or showing the value behind it.
 */
export function pseudonym(field: string, normalised: string): string {
  const block = Buffer.from(blindIndex(field, normalised), "hex");
  return `tok_${derived().tokenCipher.update(block).toString("base64url")}`;
}

/** The blind index a token stands for (search by token); null for anything malformed. */
export function blindIndexOfToken(token: string): string | null {
  const m = /^tok_([A-Za-z0-9_-]{22})$/.exec(token);
  if (!m) return null;
  const block = Buffer.from(m[1]!, "base64url");
  if (block.length !== 16) return null;
  return derived().tokenDecipher.update(block).toString("hex");
}

/** Prefix search on encrypted names: an index per word prefix (2–8 letters), never the name. */
export function namePrefixIndexes(fullName: string): string[] {
  const words = fullName
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const out = new Set<string>();
  for (const w of words)
    for (let n = 2; n <= Math.min(8, w.length); n++) out.add(namePrefixIndex(w.slice(0, n)));
  return [...out];
}

export function namePrefixIndex(prefix: string): string {
  const p = prefix
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]/g, "")
    .slice(0, 8);
  return createHmac("sha256", derived().name).update(p).digest("hex").slice(0, 16);
}
