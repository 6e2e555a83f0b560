// The seeds' playbook receiver (CreativeAI's seed 002, "Handle the webhook and
// update your catalog state"), reproduced as written: verify the HMAC, then
// read the whole JSONL job file, rewrite the matching row, and write the whole
// file back, once per callback, with async fs. Served by a plain node:http
// server in its own process, the way the app's route runs in its own.
// It is the anchor scenario 1 compares the app against, not code to copy.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import http from "node:http";

const API_KEY = process.env.CREATIVEAI_API_KEY!;
const JOBS_PATH = process.env.JOBS_PATH ?? "video-jobs.jsonl";

interface JobRow {
  sku: string;
  generation_id: string;
  status: string;
  [field: string]: unknown;
}

// Verbatim logic of the seed (its timingSafeEqual throws on a length mismatch;
// the framework the seed assumes turns that into a 500, as below).
function verifySignature(rawBody: string, signatureHeader: string | null) {
  const expected = crypto.createHmac("sha256", API_KEY).update(rawBody).digest("hex");
  const received = (signatureHeader || "").replace("sha256=", "");
  if (!received) return false;
  return crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(received));
}

export async function POST(request: Request): Promise<Response> {
  const rawBody = await request.text();
  const signature = request.headers.get("x-creativeai-signature");
  if (!verifySignature(rawBody, signature)) {
    return new Response("Invalid signature", { status: 401 });
  }
  const event = JSON.parse(rawBody) as Record<string, unknown>;
  const lines = (await fs.readFile(JOBS_PATH, "utf8")).trim().split("\n");
  const jobs = lines.map((line) => JSON.parse(line) as JobRow);
  const updated = jobs.map((job) =>
    job.generation_id === event.id
      ? {
          ...job,
          status: event.status,
          output_url: event.output_url || null,
          failover_used: Boolean(event.failover_used),
          completed_at: event.completed_at || null,
          error: event.error || null,
        }
      : job,
  );
  await fs.writeFile(JOBS_PATH, updated.map((job) => JSON.stringify(job)).join("\n") + "\n", "utf8");
  return Response.json({ ok: true });
}

/** The manifest the seeds' submit script writes: one row per SKU, status pending. */
export async function writeSeedManifest(file: string, generationIds: readonly string[]): Promise<void> {
  const rows = generationIds.map((id, i) =>
    JSON.stringify({ sku: `SKU-${i}`, collection: "bench", target_surface: "shopify-pdp", generation_id: id, status: "pending" }),
  );
  await fs.writeFile(file, rows.join("\n") + "\n", "utf8");
}

/** Reads the manifest back as the seed would, tolerating the damage concurrent rewrites leave. */
export async function readSeedManifest(file: string): Promise<{ rows: Map<string, JobRow>; unreadableLines: number }> {
  const rows = new Map<string, JobRow>();
  let unreadableLines = 0;
  for (const line of (await fs.readFile(file, "utf8")).split("\n")) {
    if (line.trim() === "") continue;
    try {
      const row = JSON.parse(line) as JobRow;
      rows.set(row.generation_id, row);
    } catch {
      unreadableLines += 1;
    }
  }
  return { rows, unreadableLines };
}

function serve(port: number) {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const request = new Request(`http://127.0.0.1${req.url ?? "/"}`, { method: "POST", headers, body: Buffer.concat(chunks) });
      POST(request)
        .then(async (response) => {
          res.writeHead(response.status, { "content-type": response.headers.get("content-type") ?? "text/plain" });
          res.end(Buffer.from(await response.arrayBuffer()));
        })
        .catch((error: unknown) => {
          res.writeHead(500, { "content-type": "text/plain" });
          res.end(String(error));
        });
    });
  });
  server.listen(port, "127.0.0.1", () => console.log("seeds receiver ready"));
  process.on("SIGTERM", () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  serve(Number(process.env.PORT));
}
