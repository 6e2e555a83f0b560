// Sends one callback the way a provider does: POST the exact body bytes,
// wait before each attempt as the schedule says, give up on an attempt after
// the timeout, stop at the first 2xx. Every attempt is recorded.
import type { SimulatorContext } from "./context";
import type { SimulatedProvider } from "./state";

export interface CallbackDelivery {
  provider: SimulatedProvider;
  generationId: string;
  url: string;
  body: string;
  headers: Record<string, string>;
  payloadStatus: string;
  /** Simulated ms to wait before each attempt; its length is the number of attempts. */
  schedule: readonly number[];
  /** Simulated ms an attempt may take. */
  timeoutMs: number;
}

/** Resolves true once an attempt got a 2xx, false when every attempt failed. */
export async function deliverCallback(ctx: SimulatorContext, delivery: CallbackDelivery): Promise<boolean> {
  // Captured once: reset() or stop() abort this signal and silence the rest of the delivery.
  const run = ctx.scheduler.signal;
  for (const [index, wait] of delivery.schedule.entries()) {
    await ctx.scheduler.sleep(wait);
    if (run.aborted) return false;
    const { statusCode, error } = await attempt(
      delivery,
      AbortSignal.any([run, AbortSignal.timeout(ctx.scheduler.scaled(delivery.timeoutMs))]),
    );
    if (run.aborted) return false;
    const delivered = statusCode !== null && statusCode >= 200 && statusCode < 300;
    ctx.state.counters.callbackAttempts += 1;
    if (delivered) ctx.state.counters.callbacksDelivered += 1;
    ctx.state.callbacks.push({
      provider: delivery.provider,
      generationId: delivery.generationId,
      url: delivery.url,
      attempt: index + 1,
      payloadStatus: delivery.payloadStatus,
      statusCode,
      error,
      time: Date.now(),
    });
    ctx.log(
      `callback ${delivery.provider} ${delivery.generationId} ${delivery.payloadStatus} attempt ${index + 1} -> ${statusCode ?? error}`,
    );
    if (delivered) return true;
  }
  return false;
}

async function attempt(delivery: CallbackDelivery, signal: AbortSignal): Promise<{ statusCode: number | null; error: string | null }> {
  try {
    const response = await fetch(delivery.url, {
      method: "POST",
      headers: delivery.headers,
      body: delivery.body,
      redirect: "manual",
      signal,
    });
    await response.arrayBuffer();
    return { statusCode: response.status, error: null };
  } catch (error) {
    const name = error instanceof Error ? error.name : "";
    if (name === "TimeoutError" || name === "AbortError") return { statusCode: null, error: "timeout" };
    const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
    return { statusCode: null, error: typeof cause?.code === "string" ? cause.code : String(error) };
  }
}
