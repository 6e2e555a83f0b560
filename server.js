// The web process: serves the built Remix app (npm run build first).
// Provider callbacks and Shopify webhooks arrive here too.
import compression from "compression";
import express from "express";
import { createRequestHandler } from "@remix-run/express";

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "0.0.0.0";
const build = await import("./build/server/index.js");

const app = express();
app.disable("x-powered-by");
app.use(compression());
app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
app.use(express.static("build/client", { maxAge: "1h" }));
// Always the production build and mode: no stack traces reach a page.
// Callbacks that cannot be verified yet are capped per client address
// (decision 006): req.ip, the socket's peer, or behind a proxy the address
// the hops TRUST_PROXY names (a hop count, "loopback", addresses) vouch for.
if (process.env.TRUST_PROXY) app.set("trust proxy", /^\d+$/.test(process.env.TRUST_PROXY) ? Number(process.env.TRUST_PROXY) : process.env.TRUST_PROXY);
app.all("*", createRequestHandler({ build, mode: "production", getLoadContext: (req) => ({ clientAddress: req.ip }) }));

const server = app.listen(port, host, () => {
  console.log(JSON.stringify({ level: 30, service: "web", msg: "web server ready", url: `http://${host === "0.0.0.0" ? "localhost" : host}:${port}` }));
});

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
