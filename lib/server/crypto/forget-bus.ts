import "server-only";
import { logger } from "@/lib/server/log";
import { store } from "@/lib/server/store";

// Erasure reaches every instance's data-key cache at once, not only after its TTL: the instance
// that shreds a customer publishes the id on Redis, and every instance (itself included) drops
// its cached key when the message arrives. Without Redis there is one instance: nothing to tell.
// An instance caches keys only while it is subscribed (`hearsErasures`), and empties its cache
// when its subscription comes back after a break (messages sent meanwhile are lost). Only a
// message lost otherwise leaves a key to the cache's TTL (VEIL_DEK_CACHE_TTL_S).

const CHANNEL = "veil:dek-forget";
const STATE = Symbol.for("veil.dekForgetChannel");
type State = { subscribed: boolean };
const state = () => (globalThis as { [STATE]?: State })[STATE];

/** Subscribes this process (once) to every instance's erasures. */
export function listenForForgottenKeys(handlers: {
  forget: (customerId: string) => void;
  /** The subscription is back after a break: whatever was cached meanwhile must go. */
  forgetAll: () => void;
}): void {
  const redis = store().redis;
  const g = globalThis as { [STATE]?: State };
  if (!redis || g[STATE]) return;
  const s: State = (g[STATE] = { subscribed: false });
  const subscriber = redis.duplicate();
  subscriber.on("error", (err: Error) =>
    logger().warn({ err: err.message }, "data-key forget channel error"),
  );
  subscriber.on("close", () => (s.subscribed = false));
  subscriber.on("message", (_channel: string, message: string) => {
    for (const id of message.split(",")) if (id) handlers.forget(id);
  });
  const subscribe = () =>
    subscriber.subscribe(CHANNEL).then(
      () => {
        s.subscribed = true;
      },
      (err: Error) =>
        logger().warn({ err: err.message }, "data-key forget channel: subscribe failed"),
    );
  // ioredis subscribes again by itself after a reconnection; the cache starts over then.
  subscriber.on("ready", () => {
    if (s.subscribed) return;
    handlers.forgetAll();
    void subscribe();
  });
  void subscribe();
}

/** Whether this process hears every erasure now (no Redis: there is no other instance). */
export function hearsErasures(): boolean {
  return !store().redis || state()?.subscribed === true;
}

/** Tells every instance to drop these customers' cached data keys (best effort; see above). */
export async function announceForgottenKeys(customerIds: readonly string[]): Promise<void> {
  const redis = store().redis;
  if (!redis || !customerIds.length) return;
  await redis.publish(CHANNEL, customerIds.join(",")).catch((err: Error) => {
    logger().warn({ err: err.message }, "data-key forget channel: publish failed");
  });
}
