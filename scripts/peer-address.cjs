// Preloaded into the production server (`node -r ./scripts/peer-address.cjs server.js`).
// Next keeps a client-sent X-Forwarded-For, so without a trusted proxy a client could pick its own
// IP for rate limits and audit rows. Here the socket peer replaces it before Next sees the request.
// With VEIL_TRUST_PROXY=1 the proxy's header is kept (the app reads the entry the proxy appended).
const http = require("node:http");
const trustProxy = ["1", "true"].includes(process.env.VEIL_TRUST_PROXY ?? "");
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, req, ...rest) {
  if (event === "request" && req && req.headers) {
    if (!trustProxy) {
      req.headers["x-forwarded-for"] = req.socket?.remoteAddress ?? "";
      delete req.headers["x-forwarded-proto"];
      delete req.headers["x-forwarded-host"];
    }
  }
  return emit.call(this, event, req, ...rest);
};
