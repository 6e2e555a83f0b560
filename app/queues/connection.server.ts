// Redis connections, as BullMQ recommends them: workers retry forever
// (maxRetriesPerRequest: null) so a Redis restart pauses them instead of
// killing them; producers in HTTP handlers give up after one retry, and every
// produce call is bounded by a timeout (queues.server.ts), so a route carries
// on without Redis instead of hanging. The offline queue stays on so the first
// command after start-up waits for the connection instead of failing.
import { Redis } from "ioredis";

export function workerConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: false });
}

export function producerConnection(url: string): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
}
