import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { env } from "~/config/env.server";
import { adaptToEmulatedAdmin } from "~/auth/emulated-admin.server";
import { addDocumentResponseHeaders } from "./shopify.server";

// Read when server.js loads the build: a start without the real secrets stops
// here, before it listens, with a message naming each missing variable.
env();

/** server.js holds request bodies to these limits before any route sees them. */
export { bodyLimitFor } from "~/security/body-limits.server";

const ABORT_DELAY = 5_000;

export default async function handleRequest(request: Request, status: number, headers: Headers, remixContext: EntryContext) {
  addDocumentResponseHeaders(request, headers);
  adaptToEmulatedAdmin(headers);
  const callback = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  return new Promise<Response>((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />, {
      [callback]: () => {
        const body = new PassThrough();
        headers.set("Content-Type", "text/html");
        resolve(new Response(createReadableStreamFromReadable(body), { headers, status }));
        pipe(body);
      },
      onShellError: reject,
      onError: (error: unknown) => {
        status = 500;
        if (process.env.NODE_ENV !== "test") console.error(error);
      },
    });
    setTimeout(abort, ABORT_DELAY);
  });
}
