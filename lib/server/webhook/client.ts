import "server-only";
import { randomUUID } from "node:crypto";
import http from "node:http";
import https from "node:https";
import { DELIVERY_HEADER, SIGNATURE_HEADER, signDelivery } from "./signature";
import { guardedLookup, literalHostAllowed, privateTarget } from "./target";

// One signed POST to the operator's webhook, through the address guard, with a timeout.

/** A receiver that has not answered by then counts as failed (and is retried later). */
export const WEBHOOK_TIMEOUT_MS = 5000;

function post(url: URL, body: string, headers: Record<string, string>): Promise<number> {
  if (!literalHostAllowed(url)) return Promise.reject(privateTarget());
  return new Promise((resolve, reject) => {
    const client = url.protocol === "https:" ? https : http;
    const req = client.request(
      url,
      {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "Content-Length": Buffer.byteLength(body),
          ...headers,
        },
        lookup: guardedLookup as never,
        timeout: WEBHOOK_TIMEOUT_MS,
      },
      (res) => {
        res.resume(); // the body is not needed; the status says it all
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("timeout", () => req.destroy(new Error("webhook timed out")));
    req.on("error", reject);
    req.end(body);
  });
}

/** One signed delivery; true when the receiver answered 2xx. */
export async function postSigned(url: URL, secret: string, body: string): Promise<boolean> {
  const status = await post(url, body, {
    [SIGNATURE_HEADER]: signDelivery(secret, body),
    [DELIVERY_HEADER]: randomUUID(),
  });
  return status >= 200 && status < 300;
}
