// A closed-loop load generator: `concurrency` senders, each sending its next
// request as soon as the previous answer arrived, over keep-alive connections
// (one per sender). node:http rather than fetch: on a 2-core machine the
// client shares the CPU with the server under test, and node:http costs the
// client a fraction of what fetch does per request. With several ports (web
// processes), sender k talks to port k mod n: what a round-robin load balancer
// in front of them does with long-lived connections.
import http from "node:http";
import type { SignedCallback } from "./callbacks";

export interface LoadResult {
  /** Requests that got an answer or an error. */
  sent: number;
  byStatus: Record<string, number>;
  /** Generation ids whose callback was answered 2xx. */
  acknowledged: Set<string>;
  /** Ids whose request was sent (answered or not). */
  attempted: Set<string>;
  latenciesMs: Float64Array;
  elapsedMs: number;
  /** True when the time budget ended the run before every request was sent. */
  cappedByTime: boolean;
}

export async function sendCallbacks(
  target: { port: number | number[]; path: string },
  next: (index: number) => SignedCallback,
  options: { total: number; concurrency: number; timeBudgetMs: number },
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies = new Float64Array(options.total);
  const byStatus: Record<string, number> = {};
  const acknowledged = new Set<string>();
  const attempted = new Set<string>();
  let index = 0;
  let done = 0;
  const started = performance.now();
  const deadline = started + options.timeBudgetMs;
  let cappedByTime = false;

  const ports = Array.isArray(target.port) ? target.port : [target.port];
  const sendOne = (callback: SignedCallback, port: number) =>
    new Promise<number | string>((resolve) => {
      const request = http.request(
        { host: "127.0.0.1", port, path: target.path, method: "POST", agent, headers: callback.headers },
        (response) => {
          response.resume();
          response.once("end", () => resolve(response.statusCode ?? 0));
          response.once("error", (error) => resolve(`error:${(error as NodeJS.ErrnoException).code ?? error.message}`));
        },
      );
      request.setTimeout(30_000, () => request.destroy(new Error("timeout")));
      request.once("error", (error) => resolve(`error:${(error as NodeJS.ErrnoException).code ?? error.message}`));
      request.end(callback.body);
    });

  const sender = async (_: unknown, senderIndex: number) => {
    const port = ports[senderIndex % ports.length];
    for (;;) {
      if (index >= options.total) return;
      if (performance.now() > deadline) {
        cappedByTime = true;
        return;
      }
      const mine = index++;
      const callback = next(mine);
      attempted.add(callback.generationId);
      const t0 = performance.now();
      const status = await sendOne(callback, port);
      latencies[done++] = performance.now() - t0;
      byStatus[String(status)] = (byStatus[String(status)] ?? 0) + 1;
      if (typeof status === "number" && status >= 200 && status < 300) acknowledged.add(callback.generationId);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, sender));
  const elapsedMs = performance.now() - started;
  agent.destroy();
  return { sent: done, byStatus, acknowledged, attempted, latenciesMs: latencies.subarray(0, done), elapsedMs, cappedByTime };
}

/** Answers that are not 2xx, and those that are 5xx or no answer at all. */
export function answerCounts(result: LoadResult): { non2xx: number; server5xx: number } {
  let non2xx = 0;
  let server5xx = 0;
  for (const [status, n] of Object.entries(result.byStatus)) {
    const code = Number(status);
    if (!(code >= 200 && code < 300)) non2xx += n;
    if (!Number.isFinite(code) || code >= 500) server5xx += n;
  }
  return { non2xx, server5xx };
}
