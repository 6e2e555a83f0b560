// The web process: serves the built Remix app (npm run build first).
// Provider callbacks and Shopify webhooks arrive here too.
import { STATUS_CODES } from "node:http";
import compression from "compression";
import express from "express";
import { createRequestHandler } from "@remix-run/express";

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "0.0.0.0";
const development = process.env.NODE_ENV === "development";

function log(level, msg, fields = {}) {
  console.log(JSON.stringify({ level, time: Date.now(), service: "web", msg, ...fields }));
}

let build;
try {
  build = await import("./build/server/index.js");
} catch (error) {
  // The environment is checked as the build loads: say what is missing, then stop.
  if (error?.name !== "EnvError") throw error;
  log(60, "web server cannot start", { err: error.message });
  console.error(error.message);
  process.exit(1);
}
const { bodyLimitFor } = build.entry.module;

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i;

/** Who may frame a response: Shopify admin, and the shop itself when the request names it. */
function frameAncestors(req) {
  const shop = typeof req.query.shop === "string" && SHOP_DOMAIN.test(req.query.shop) ? req.query.shop.toLowerCase() : null;
  return shop
    ? `frame-ancestors https://${shop} https://admin.shopify.com;`
    : "frame-ancestors https://admin.shopify.com https://*.myshopify.com;";
}

/**
 * Set on every answer (pages, data, assets, errors, 404s) just before its
 * headers go out, so nothing a route or middleware does can leave one out. A
 * route's own Content-Security-Policy (Shopify's library sets one for admin
 * pages) is kept.
 */
function securityHeaders(req, res, next) {
  const writeHead = res.writeHead;
  res.writeHead = function writeHeadWithSecurityHeaders(...args) {
    if (!res.getHeader("Content-Security-Policy")) res.setHeader("Content-Security-Policy", frameAncestors(req));
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    if (req.secure || req.get("X-Forwarded-Proto") === "https")
      res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    return writeHead.apply(this, args);
  };
  next();
}

function plainAnswer(res, status, text) {
  res.status(status).set({ "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" }).send(text);
}

/** An address that does not decode is a bad request, not a server error. */
function refuseMalformedUrl(req, res, next) {
  try {
    decodeURIComponent(req.path);
  } catch {
    return plainAnswer(res, 400, "Bad request: the address is not valid.");
  }
  next();
}

/**
 * Body limits before any parsing. A declared length over the path's limit is
 * refused before a byte is read, and Node never reads past it. A body of
 * unknown length (chunked) could be any size: it is refused, except on the
 * webhook paths, whose senders (Shopify, the video providers) are not ours to
 * change and whose routes count the bytes as they read them, stopping at the
 * same limit.
 */
function limitRequestBody(req, res, next) {
  const hasBody = req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;
  if (!hasBody) return next();
  // Node discards whatever of the body still arrives (read, never held), so
  // the client reads the answer instead of a reset connection.
  const declared = req.headers["content-length"];
  if (declared === undefined) {
    return req.path.startsWith("/webhooks/") ? next() : plainAnswer(res, 411, "A request body needs a Content-Length.");
  }
  const limit = bodyLimitFor(req.path);
  if (Number(declared) > limit) return plainAnswer(res, 413, `The request is larger than ${Math.round(limit / 1024)} KB.`);
  next();
}

const app = express();
app.disable("x-powered-by");
app.use(securityHeaders);
app.use(refuseMalformedUrl);
app.use(limitRequestBody);
app.use(compression());
app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
app.use(express.static("build/client", { maxAge: "1h" }));
// Always the production build and mode: no stack traces reach a page.
// Callbacks that cannot be verified yet are capped per client address
// (decision 006): req.ip, the socket's peer, or behind a proxy the address
// the hops TRUST_PROXY names (a hop count, "loopback", addresses) vouch for.
if (process.env.TRUST_PROXY)
  app.set("trust proxy", /^\d+$/.test(process.env.TRUST_PROXY) ? Number(process.env.TRUST_PROXY) : process.env.TRUST_PROXY);
app.all("*", createRequestHandler({ build, mode: "production", getLoadContext: (req) => ({ clientAddress: req.ip }) }));

// Anything that reaches here failed outside Remix (a static file, a broken
// connection). The answer names the status only; the details go to the log,
// and into the answer in development alone.
app.use((error, req, res, next) => {
  const status = Number.isInteger(error?.status) && error.status >= 400 && error.status < 600 ? error.status : 500;
  if (status >= 500) log(50, "request failed", { path: req.path, err: error?.message });
  if (res.headersSent) return next(error);
  plainAnswer(
    res,
    status,
    development && error?.stack
      ? error.stack
      : status < 500
        ? `${STATUS_CODES[status] ?? "Bad request"}.`
        : "Something went wrong on our side.",
  );
});

const server = app.listen(port, host, () => {
  log(30, "web server ready", { url: `http://${host === "0.0.0.0" ? "localhost" : host}:${port}` });
});

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
