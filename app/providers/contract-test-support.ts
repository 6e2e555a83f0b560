// Shared by the adapter contract tests: what a caller does while waiting for a
// render, and how a test catches the error a call is expected to throw.
import { ProviderError, type RenderResult, type VideoProvider } from "./provider";

/** Polls until the render is final, riding out retryable errors as the reconciler would. */
export async function pollUntilFinal(provider: VideoProvider, generationId: string, timeoutMs = 5_000): Promise<RenderResult> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const result = await provider.fetchRender(generationId);
      if (result.status === "completed" || result.status === "failed") return result;
    } catch (error) {
      if (!(error instanceof ProviderError) || !error.retryable) throw error;
    }
    if (Date.now() > deadline) throw new Error(`Render ${generationId} was not final within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function providerErrorFrom(call: Promise<unknown>): Promise<ProviderError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error("Expected a ProviderError, but the call succeeded");
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
