// Scenario 6. The merchant's pages with a big batch: server time of the batch
// page and the dashboard for a batch of 10,000 jobs, through the built app,
// each request signed in as admin signs it (a session token the app's
// authenticate.admin verifies, and the shop's session from the library's storage).
import { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { SANDBOX_APP, SANDBOX_SHOP } from "../../dev/sandbox/demo-shop";
import { defineScenario } from "../registry";
import { figure } from "../report";
import { adminHeaders } from "../support/admin-requests";
import { seedRenderingJobs, seedShop } from "../support/seed";
import { percentile, round } from "../support/stats";

export default defineScenario({
  name: "admin-pages",
  order: 6,
  title: "Admin pages with a 10,000-job batch",
  async run(ctx) {
    const jobs = ctx.quick ? 2_000 : 10_000;
    const samples = ctx.quick ? 20 : 60;
    const target = await ctx.databases.create("pages");
    try {
      await seedShop(target.db, SANDBOX_SHOP, { autoPublish: false });
      await new PrismaSessionStorage(target.db).storeSession(
        new Session({ id: `offline_${SANDBOX_SHOP}`, shop: SANDBOX_SHOP, state: "", isOnline: false, accessToken: "shpat_bench_pages" }),
      );
      await seedRenderingJobs(target, SANDBOX_SHOP, jobs);
      // A realistic mix: most done, some rendering, some failed or waiting for review.
      const ids = (await target.db.videoJob.findMany({ where: { shop: SANDBOX_SHOP }, select: { id: true }, orderBy: { id: "asc" } })).map(
        (j) => j.id,
      );
      const share = async (from: number, to: number, data: Record<string, unknown>) => {
        const part = ids.slice(Math.floor(ids.length * from), Math.floor(ids.length * to));
        // In chunks: SQLite caps the parameters of one statement.
        for (let i = 0; i < part.length; i += 500)
          await target.db.videoJob.updateMany({ where: { id: { in: part.slice(i, i + 500) } }, data });
      };
      await share(0, 0.7, { status: "published", publishedAt: new Date() });
      await share(0.7, 0.8, { status: "failed", errorMessage: "The video studio could not make this clip (timeout). Retry." });
      await share(0.8, 0.9, { status: "awaiting_review", outputUrl: "https://cdn.example.com/clip.mp4" });
      const batch = await target.db.batch.findFirstOrThrow({ where: { shop: SANDBOX_SHOP } });

      const app = await ctx.startWebApp({
        DATABASE_URL: target.url,
        REDIS_URL: ctx.redisUrl,
        QUEUE_PREFIX: ctx.queuePrefix("pages"),
        SHOPIFY_API_KEY: SANDBOX_APP.apiKey,
        SHOPIFY_API_SECRET: SANDBOX_APP.apiSecret,
        // The pages read nothing from Shopify; a closed port proves it.
        SHOPIFY_ADMIN_API_ORIGIN: "http://127.0.0.1:1",
      });
      const time = async (path: string) => {
        const latencies: number[] = [];
        let errors = 0;
        for (let i = 0; i < samples + 3; i++) {
          const headers = await adminHeaders({ accept: "text/html" });
          const started = performance.now();
          const response = await fetch(`${app.origin}${path}`, { headers });
          await response.arrayBuffer();
          if (response.status !== 200) errors += 1;
          if (i >= 3) latencies.push(performance.now() - started); // the first few warm caches
        }
        return { p50: round(percentile(latencies, 50), 1), p95: round(percentile(latencies, 95), 1), errors };
      };
      let batchPage;
      let dashboard;
      try {
        batchPage = await time(`/app/batches/${batch.id}`);
        dashboard = await time("/app");
      } finally {
        await app.stop();
      }
      return {
        figures: [
          figure({
            id: "batch_p95",
            label: `Batch page p95 (${jobs.toLocaleString("en-US")} jobs)`,
            value: batchPage.p95,
            unit: "ms",
            anchor: { value: 150, what: "goal" },
            goal: { op: "<=", value: 150 },
            note: `p50 ${batchPage.p50} ms`,
          }),
          figure({
            id: "dashboard_p95",
            label: `Dashboard p95 (${jobs.toLocaleString("en-US")} jobs)`,
            value: dashboard.p95,
            unit: "ms",
            anchor: { value: 150, what: "goal" },
            goal: { op: "<=", value: 150 },
            note: `p50 ${dashboard.p50} ms`,
          }),
        ],
        dataLoss: [
          ...(batchPage.errors + dashboard.errors > 0 ? [`${batchPage.errors + dashboard.errors} page requests did not answer 200`] : []),
        ],
        notes: [`${samples} sequential requests per page after 3 warm-up requests, full HTML render`],
      };
    } finally {
      await target.drop();
    }
  },
});
