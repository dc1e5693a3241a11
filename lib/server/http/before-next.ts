import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { env } from "@/lib/env";
import { guardRequest } from "@/lib/security/request-guard";
import { problemResponse } from "@/lib/security/problem";
import { floodedSignInAnswer, SIGN_IN_CALLBACK } from "@/lib/server/auth/sign-in-flood";
import { bodyCeiling } from "./body-limits";

// Requests answered before Next routes them. Next's router and middleware cost about a
// millisecond of CPU per request before any of Veil's code runs; for a flood of sign-ins already
// past their address's ceiling that was most of the answer's cost, and a flood of them took a
// core's worth from the API. The production server's preload (scripts/peer-address.cjs) hands
// each request here, after setting its client address, and on to Next when this declines.

export type BeforeNext = (req: IncomingMessage, res: ServerResponse) => Promise<boolean> | false;

/** Where the preload finds the hook (one process, one global). */
export const BEFORE_NEXT = Symbol.for("veil.beforeNext");

/** The request as the middleware would see it: URL from the Host header, headers as sent. */
function asRequest(req: IncomingMessage): Request | null {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
  try {
    return new Request(`http://${req.headers.host ?? "localhost"}${req.url}`, {
      method: req.method,
      headers,
    });
  } catch {
    return null; // an unparsable host or path: Next's guard answers it
  }
}

async function send(res: ServerResponse, answer: Response) {
  const body = Buffer.from(await answer.arrayBuffer());
  res.statusCode = answer.status;
  answer.headers.forEach((value, name) => res.setHeader(name, value));
  res.setHeader("content-length", body.length);
  res.end(body);
}

/** How long an over-long body is drained after its refusal before the connection is cut. */
const LINGER_MS = 5000;

/**
 * A body declared longer than its route's ceiling is refused before a byte of it is read, with
 * the security headers (the rest is dropped as it arrives, never kept). Bodies sent without
 * a length are bounded by the route's own reader as they stream (`readBoundedBytes`).
 */
function oversizedBody(req: IncomingMessage, request: Request): Response | null {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (!(declared > 0)) return null;
  const pathname = new URL(request.url).pathname;
  if (declared <= bodyCeiling(pathname, request.headers)) return null;
  const guard = guardRequest(request, env(), { crossSiteExempt: true });
  return guard.finish(
    problemResponse(413, "Payload Too Large", "The request body is too large.", {
      code: "TOO_LARGE",
    }),
  );
}

/**
 * Oversized bodies and credentials sign-ins past their address's ceiling are answered here;
 * every other request goes straight on to Next.
 */
export const beforeNext: BeforeNext = (req, res) => {
  const hasBody = req.headers["content-length"] !== undefined;
  const signIn = req.method === "POST" && req.url?.split("?")[0] === SIGN_IN_CALLBACK;
  if (!hasBody && !signIn) return false;
  const request = asRequest(req);
  if (!request) return false;
  const tooLarge = oversizedBody(req, request);
  if (tooLarge) {
    // What the client still sends is read and dropped (no memory), for a few seconds at most:
    // closing a socket with unread bytes resets it, and the client would lose the answer.
    req.socket.on("error", () => {});
    req.resume();
    const linger = setTimeout(() => req.socket.destroy(), LINGER_MS).unref();
    req.once("end", () => clearTimeout(linger));
    return send(res, tooLarge).then(
      () => true,
      () => {
        res.destroy();
        return true;
      },
    );
  }
  if (!signIn) return false;
  return floodedSignInAnswer(request, env()).then(async (answer) => {
    if (!answer) return false;
    // Once answering has begun the request is ours: a failure here must not hand it to Next.
    await send(res, answer).catch(() => res.destroy());
    return true;
  });
};

export function installBeforeNext() {
  (globalThis as Record<symbol, unknown>)[BEFORE_NEXT] = beforeNext;
}
