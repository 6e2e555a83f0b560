// A plain node:http server in front of the app's callback handling, for tests
// that need real HTTP callbacks without building the whole Remix app.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { handleProviderCallback } from "~/pipeline/callback-route.server";
import type { PipelineContext } from "~/pipeline/context.server";

export interface CallbackServer {
  origin: string;
  stop(): Promise<void>;
}

export async function startCallbackServer(ctx: PipelineContext): Promise<CallbackServer> {
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const request = new Request(url, { method: req.method, headers, body: req.method === "POST" ? Buffer.concat(chunks) : undefined });
    // What server.js passes on as Express's req.ip without a trusted proxy.
    const sourceAddress = req.socket.remoteAddress ?? null;
    const json2video = url.pathname.match(/^\/webhooks\/video\/json2video\/([^/]+)$/);
    const response = json2video
      ? await handleProviderCallback(ctx, "json2video", request, { urlToken: decodeURIComponent(json2video[1]), sourceAddress })
      : url.pathname === "/webhooks/video/creativeai"
        ? await handleProviderCallback(ctx, "creativeai", request, { sourceAddress })
        : new Response("not found", { status: 404 });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  ctx.callbackOrigin = `http://127.0.0.1:${port}`;
  return {
    origin: ctx.callbackOrigin,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
