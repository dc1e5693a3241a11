// Preloaded into the production server (`node -r ./scripts/peer-address.cjs server.js`).
// Next keeps a client-sent X-Forwarded-For, so without a trusted proxy a client could pick its own
// IP for rate limits and audit rows. Here the socket peer replaces it before Next sees the request.
// With VEIL_TRUST_PROXY=1 the proxy's header is kept (the app reads the entry the proxy appended).
// Then the app's before-Next hook (lib/server/http/before-next.ts, installed at start) may answer
// the request itself (a sign-in flood past its ceiling); whatever it declines goes on to Next.
const http = require("node:http");
const trustProxy = ["1", "true"].includes(process.env.VEIL_TRUST_PROXY ?? "");
const BEFORE_NEXT = Symbol.for("veil.beforeNext");
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, req, res, ...rest) {
  if (event !== "request" || !req || !req.headers) return emit.call(this, event, req, res, ...rest);
  if (!trustProxy) {
    req.headers["x-forwarded-for"] = req.socket?.remoteAddress ?? "";
    delete req.headers["x-forwarded-proto"];
    delete req.headers["x-forwarded-host"];
  }
  const early = globalThis[BEFORE_NEXT]?.(req, res);
  if (!early) return emit.call(this, event, req, res, ...rest);
  early.then(
    (answered) => answered || emit.call(this, event, req, res, ...rest),
    () => emit.call(this, event, req, res, ...rest),
  );
  return true;
};
