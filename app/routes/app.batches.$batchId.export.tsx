// GET /app/batches/<id>/export?format=csv|jsonl: the batch's result manifest
// (sku, generation id, status, video URL, failover, credits, error, times),
// streamed a page of jobs at a time.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { ownBatch } from "~/admin-ui/batch-page.server";
import { isExportFormat, resultManifestStream } from "~/admin-ui/result-manifest.server";
import { adminContext } from "~/auth/admin-context.server";
import { webPipeline } from "~/pipeline/web-context.server";

const CONTENT_TYPES = { csv: "text/csv; charset=utf-8", jsonl: "application/x-ndjson; charset=utf-8" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop } = await adminContext(request);
  const format = new URL(request.url).searchParams.get("format") ?? "csv";
  if (!isExportFormat(format)) return new Response("Choose format=csv or format=jsonl.", { status: 400 });
  const { db } = webPipeline();
  const batch = await ownBatch(db, shop, params.batchId ?? "");
  return new Response(resultManifestStream(db, shop, batch.id, format), {
    headers: {
      "Content-Type": CONTENT_TYPES[format],
      "Content-Disposition": `attachment; filename="catalog-motion-${batch.id}.${format}"`,
      "Cache-Control": "no-store",
    },
  });
}
