// The shop's per-clip charges as CSV for a spreadsheet: a UTF-8 byte order
// mark first (so Excel reads product titles with accents right), then one row
// per clip, streamed a page at a time so a big shop never loads them all.
import { stringify } from "csv-stringify";
import type { Database } from "~/db.server";
import { chargeStatusLabel } from "./charge-status";

const PAGE = 500;
const COLUMNS = ["date", "product", "video_job_id", "amount", "currency", "status", "usage_record_id"];

export function chargesCsvStream(db: Database, shop: string): ReadableStream<Uint8Array> {
  const csv = stringify({ header: true, columns: COLUMNS, bom: true });
  void (async () => {
    try {
      let cursor: string | undefined;
      for (;;) {
        const page = await db.usageCharge.findMany({
          where: { shop },
          orderBy: { jobId: "asc" },
          take: PAGE,
          ...(cursor ? { skip: 1, cursor: { jobId: cursor } } : {}),
        });
        if (page.length === 0) break;
        const titles = new Map(
          (
            await db.videoJob.findMany({ where: { shop, id: { in: page.map((c) => c.jobId) } }, select: { id: true, productTitle: true } })
          ).map((j) => [j.id, j.productTitle]),
        );
        for (const c of page) {
          csv.write([
            c.createdAt.toISOString(),
            titles.get(c.jobId) ?? "",
            c.jobId,
            (c.amountCents / 100).toFixed(2),
            c.currency,
            chargeStatusLabel(c.status),
            c.usageRecordId ?? "",
          ]);
        }
        cursor = page[page.length - 1].jobId;
        if (page.length < PAGE) break;
      }
      csv.end();
    } catch (error) {
      csv.destroy(error as Error);
    }
  })();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      csv.on("data", (chunk: Buffer | string) =>
        controller.enqueue(typeof chunk === "string" ? new TextEncoder().encode(chunk) : new Uint8Array(chunk)),
      );
      csv.on("end", () => controller.close());
      csv.on("error", (error) => controller.error(error));
    },
  });
}
