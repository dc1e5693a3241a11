import "server-only";
import { sealData, unsealData } from "iron-session";
import { z } from "zod";
import { requireCapability, type Principal } from "@/lib/server/auth/principal";
import { sessionKeys } from "@/lib/server/auth/session-keys";
import { AppError } from "@/lib/server/errors";
import { parseInput } from "@/lib/server/validation";
import { listCustomers } from "./index";

// A search the portal can come back to (Back from a result, a reload) without the searched value
// in the URL: the URL carries a handle, the search sealed (AES, authenticated) with a key of its
// own, bound to the user who ran it and good for half an hour. Nothing is stored: the handle is
// the search. Whoever else holds the URL (a proxy log, a colleague) can neither read nor use it.

const TTL_S = 30 * 60;
type Search = { by: string; value: string };
type Sealed = Search & { u: string };

function passwords(): Record<string, string> {
  const [current, previous] = sessionKeys("search-handle").map((k) => k.toString("hex"));
  return previous ? { 1: previous, 2: current! } : { 2: current! };
}

const userOf = (actor: Principal) => (actor.kind === "user" ? actor.userId : null);

/** Runs a search (audited, as every search is) and returns its page with a handle to it. */
export async function searchCustomersWithHandle(actor: Principal, search: Search, page: number) {
  const result = await listCustomers(actor, { page, pageSize: 25, search });
  const user = userOf(actor);
  const handle = user
    ? await sealData({ ...search, u: user } satisfies Sealed, { password: passwords(), ttl: TTL_S })
    : null;
  return { ...result, query: search, handle };
}

const handleSchema = z.object({
  handle: z.string().min(20).max(2000),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

/** The search behind a handle, run again for its user (a new, audited read); else NOT_FOUND. */
export async function resumeCustomerSearch(actor: Principal, input: unknown) {
  requireCapability(actor, "customers.read");
  const { handle, page } = parseInput(handleSchema, input);
  const opened = await unsealData<Partial<Sealed>>(handle, {
    password: passwords(),
    ttl: TTL_S,
  }).catch(() => ({}) as Partial<Sealed>);
  if (!opened.u || opened.u !== userOf(actor) || !opened.by || typeof opened.value !== "string")
    throw new AppError(
      "NOT_FOUND",
      "search handle expired, altered or of another user",
      "This search has expired. Search again.",
    );
  return searchCustomersWithHandle(actor, { by: opened.by, value: opened.value }, page);
}
