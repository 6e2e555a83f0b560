// Redis connections, as BullMQ recommends them: workers retry forever
// (maxRetriesPerRequest: null) so a Redis restart pauses them instead of
// killing them; producers in HTTP handlers fail fast (no offline queue) so a
// route can carry on without Redis instead of hanging.
import { Redis } from "ioredis";

export function workerConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: false });
}

export function producerConnection(url: string): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
}
