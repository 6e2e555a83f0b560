// shop/redact (48 hours after an uninstall): nothing of the shop stays.
// Provider callbacks carry no shop, so they are found through the shop's
// generation ids before the jobs holding those ids are deleted. Safe to
// repeat, and a partial run is finished by the next delivery.
import type { Database } from "~/db.server";

const CHUNK = 500;

export async function eraseShop(db: Database, shop: string): Promise<void> {
  let after: string | undefined;
  for (;;) {
    const jobs = await db.videoJob.findMany({
      where: { shop, generationId: { not: null }, ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: "asc" },
      take: CHUNK,
      select: { id: true, provider: true, generationId: true },
    });
    if (jobs.length === 0) break;
    // A generation id is unique per provider, not across providers.
    const byProvider = new Map<string, string[]>();
    for (const job of jobs) byProvider.set(job.provider, [...(byProvider.get(job.provider) ?? []), job.generationId!]);
    await db.providerCallback.deleteMany({
      where: { OR: [...byProvider].map(([provider, generationIds]) => ({ provider, generationId: { in: generationIds } })) },
    });
    after = jobs[jobs.length - 1].id;
  }
  await db.jobEvent.deleteMany({ where: { shop } });
  await db.videoJob.deleteMany({ where: { shop } });
  await db.batch.deleteMany({ where: { shop } });
  await db.shopSettings.deleteMany({ where: { shop } });
  await db.session.deleteMany({ where: { shop } });
}
