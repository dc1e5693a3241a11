import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";

// The request a piece of server work belongs to, so every log line it writes carries the request
// id the middleware gave it (and the user can quote from an error page) without threading it
// through every call. Entered by the route wrapper, server actions and the sign-in handler (page
// renders log through onRequestError, which passes the id itself).

type RequestContext = { requestId: string | null };

// One store per process, however many copies of this module the bundler makes.
const KEY = Symbol.for("veil.requestContext");
const storage = ((globalThis as { [KEY]?: AsyncLocalStorage<RequestContext> })[KEY] ??=
  new AsyncLocalStorage<RequestContext>());

export function withRequestContext<T>(requestId: string | null, fn: () => T): T {
  return storage.run({ requestId }, fn);
}

export function currentRequestId(): string | null {
  return storage.getStore()?.requestId ?? null;
}
