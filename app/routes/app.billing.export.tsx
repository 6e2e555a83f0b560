// GET /app/billing/export: every clip's charge as CSV (date, product, video
// job, amount, currency, status, Shopify's usage record), UTF-8 with a BOM.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { chargesCsvStream } from "~/billing/charges-csv.server";
import { adminContext } from "~/auth/admin-context.server";
import { webPipeline } from "~/pipeline/web-context.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await adminContext(request);
  return new Response(chargesCsvStream(webPipeline().db, shop), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="catalog-motion-charges.csv"',
      "Cache-Control": "no-store",
    },
  });
}
