// The CreativeAI adapter against the provider simulator, over real HTTP: what
// the app sends, what it reads back, and every documented failure mode.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startCallbackReceiver, type CallbackReceiver, type ReceivedCallback } from "../../dev/video-provider-simulator/callback-receiver";
import { startProviderSimulator, type ProviderSimulator, type ProviderSimulatorOptions } from "../../dev/video-provider-simulator/server";
import { pollUntilFinal, providerErrorFrom, sleep } from "./contract-test-support";
import { CreativeAiProvider } from "./creativeai.server";
import type { CallbackVerification, RenderRequest } from "./provider";

const API_KEY = "rph_test_contract_key";

let simulator: ProviderSimulator;
let receiver: CallbackReceiver;
let provider: CreativeAiProvider;

async function start(options: ProviderSimulatorOptions = {}) {
  simulator = await startProviderSimulator({ apiKey: API_KEY, renderTimeMs: { min: 40, max: 80 }, seed: 7, ...options });
  provider = new CreativeAiProvider({ apiKey: API_KEY, baseUrl: simulator.url });
}

function request(overrides: Partial<RenderRequest> = {}): RenderRequest {
  return {
    imageUrl: "https://cdn.example.com/catalog/mug-hero.jpg",
    prompt: "5-second product hero shot, slow camera push, clean white sweep",
    model: "kling-v3",
    duration: 5,
    aspectRatio: "16:9",
    callbackUrl: `${receiver.url}/webhooks/creativeai`,
    jobReference: "job_1",
    ...overrides,
  };
}

function verify(callback: ReceivedCallback): CallbackVerification {
  return provider.verifyCallback({ rawBody: callback.rawBody, headers: callback.headers });
}

function verified(callback: ReceivedCallback) {
  const verification = verify(callback);
  if (!verification.ok) throw new Error(`callback rejected: ${verification.message}`);
  return verification;
}

beforeEach(async () => {
  receiver = await startCallbackReceiver();
});

afterEach(async () => {
  await simulator?.stop();
  await receiver.stop();
});

describe("CreativeAI: the happy path", () => {
  it("submits the documented request and gets a generation id back", async () => {
    await start();
    const submitted = await provider.submitRender(request());

    expect(submitted.generationId).toMatch(/^vgen_[0-9a-f]+$/);
    expect(submitted.status).toBe("pending");
    expect(submitted.modelActual).toBe("kling-v3");
    expect(submitted.credits).toBe(3);
    const [submission] = simulator.state.submissions;
    expect(submission.responseStatus).toBe(202);
    expect(submission.generationId).toBe(submitted.generationId);
    expect(submission.body).toEqual({
      model: "kling-v3",
      prompt: "5-second product hero shot, slow camera push, clean white sweep",
      image_url: "https://cdn.example.com/catalog/mug-hero.jpg",
      duration: 5,
      aspect_ratio: "16:9",
      webhook_url: `${receiver.url}/webhooks/creativeai`,
      failover: true,
    });
  });

  it("polls a render from pending to completed, with a downloadable video", async () => {
    await start({ renderTimeMs: { min: 500, max: 500 } });
    const { generationId } = await provider.submitRender(request());

    expect(["pending", "processing"]).toContain((await provider.fetchRender(generationId)).status);
    const result = await pollUntilFinal(provider, generationId);

    const truth = simulator.state.renders.get(generationId);
    expect(result).toEqual({
      generationId,
      status: "completed",
      outputUrl: truth?.outputUrl,
      errorMessage: null,
      credits: 3,
      failoverUsed: false,
      modelActual: "kling-v3",
      completedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    const video = await fetch(result.outputUrl as string);
    expect(video.headers.get("content-type")).toBe("video/mp4");
    const bytes = Buffer.from(await video.arrayBuffer());
    expect(bytes.subarray(4, 8).toString("latin1")).toBe("ftyp");
  });

  it("receives a signed callback that the adapter verifies and reads like the poll", async () => {
    await start();
    const { generationId } = await provider.submitRender(request());

    const [callback] = await receiver.waitFor(1);
    const verification = verified(callback);

    expect(callback.path).toBe("/webhooks/creativeai");
    expect(callback.headers.get("user-agent")).toBe("CreativeAI-Webhooks/1.0");
    expect(callback.headers.get("content-type")).toBe("application/json");
    expect(verification.event).toBe("video.generation.completed");
    expect(verification.deliveryKey).toBe(`creativeai:${generationId}:completed`);
    expect(verification.result).toEqual(await provider.fetchRender(generationId));
    expect(Object.keys(JSON.parse(callback.rawBody))).toEqual([
      "id",
      "object",
      "status",
      "model",
      "model_actual",
      "prompt",
      "output_url",
      "error_message",
      "credits",
      "failover_used",
      "completed_at",
    ]);
  });

  it("passes a model chosen automatically through, and reports the model actually used", async () => {
    await start();
    const submitted = await provider.submitRender(request({ model: "auto" }));
    const result = await pollUntilFinal(provider, submitted.generationId);

    expect(["kling-v3", "seedance-1.5-pro"]).toContain(submitted.modelActual);
    expect(result.modelActual).toBe(submitted.modelActual);
  });
});

describe("CreativeAI: renders that go wrong", () => {
  it("surfaces the provider's message for a failed render, from the callback and from polling", async () => {
    await start({ faults: { failRate: 1 } });
    const { generationId } = await provider.submitRender(request());

    const [callback] = await receiver.waitFor(1);
    const fromCallback = verified(callback).result;
    const fromPoll = await pollUntilFinal(provider, generationId);

    const truth = simulator.state.renders.get(generationId);
    expect(truth?.errorMessage).toBeTruthy();
    for (const result of [fromCallback, fromPoll]) {
      expect(result.status).toBe("failed");
      expect(result.errorMessage).toBe(truth?.errorMessage);
      expect(result.outputUrl).toBeNull();
      expect(result.credits).toBe(0);
    }
    expect(verified(callback).deliveryKey).toBe(`creativeai:${generationId}:failed`);
  });

  it("reads the failover flag and the model that really rendered", async () => {
    await start({ faults: { failoverRate: 1 } });
    const submitted = await provider.submitRender(request({ model: "kling-v3" }));

    const [callback] = await receiver.waitFor(1);
    const result = verified(callback).result;

    expect(result.failoverUsed).toBe(true);
    expect(result.modelActual).not.toBe(submitted.modelActual);
    expect(result.modelActual).toBe(simulator.state.renders.get(submitted.generationId)?.modelActual);
    expect((await provider.fetchRender(submitted.generationId)).failoverUsed).toBe(true);
  });

  it("keeps a render that never finishes in progress, with no callback", async () => {
    await start({ faults: { neverFinishRate: 1 } });
    const { generationId } = await provider.submitRender(request());

    await sleep(300);

    expect((await provider.fetchRender(generationId)).status).toBe("processing");
    expect(receiver.received).toHaveLength(0);
    expect(simulator.state.renders.get(generationId)?.outcome).toBe("never");
    expect(simulator.state.inFlight).toBe(1);
  });
});

describe("CreativeAI: HTTP errors", () => {
  it("turns a 429 into a retryable error that carries Retry-After", async () => {
    await start({ faults: { submit429Rate: 1, retryAfterSeconds: 7 } });
    const error = await providerErrorFrom(provider.submitRender(request()));

    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 7_000 });
    expect(error.providerMessage).toBe("Rate limit exceeded. Retry after 7 seconds.");
    expect(error.message).toContain("Rate limit exceeded");
    expect(simulator.state.submissions[0]).toMatchObject({ responseStatus: 429, generationId: null });
  });

  it("turns a 5xx at submission into a retryable error", async () => {
    await start({ faults: { submit5xxRate: 1 } });
    const error = await providerErrorFrom(provider.submitRender(request()));

    expect(error).toMatchObject({ status: 503, retryable: true, providerMessage: "Upstream provider temporarily unavailable" });
  });

  it("turns a 5xx while polling into a retryable error, and polls again once the provider recovers", async () => {
    await start();
    const { generationId } = await provider.submitRender(request());
    simulator.setFaults({ poll5xxRate: 1 });

    const error = await providerErrorFrom(provider.fetchRender(generationId));
    expect(error).toMatchObject({ status: 503, retryable: true });

    simulator.setFaults({ poll5xxRate: 0 });
    expect((await pollUntilFinal(provider, generationId)).status).toBe("completed");
  });

  it("refuses a request without an image as not retryable, in the provider's words", async () => {
    await start();
    const error = await providerErrorFrom(provider.submitRender(request({ imageUrl: "" })));

    expect(error).toMatchObject({ status: 400, retryable: false, providerMessage: "image_url is required" });
    expect(error.message).toBe("The video provider refused the request: image_url is required");
  });

  it("refuses a wrong API key as not retryable, in the provider's words", async () => {
    await start();
    const wrongKey = new CreativeAiProvider({ apiKey: "rph_wrong", baseUrl: simulator.url });
    const error = await providerErrorFrom(wrongKey.submitRender(request()));

    expect(error).toMatchObject({ status: 401, retryable: false, providerMessage: "Invalid API key" });
    expect(error.message).toContain("Invalid API key");
    expect(error.message).not.toContain("rph_wrong");
  });

  it("reports an unknown generation as not retryable", async () => {
    await start();
    const error = await providerErrorFrom(provider.fetchRender("vgen_missing"));

    expect(error).toMatchObject({ status: 404, retryable: false, providerMessage: "Generation vgen_missing not found" });
  });

  it("gives up on a slow answer after its timeout, as a retryable error", async () => {
    await start({ faults: { slowResponseMs: 500 } });
    const impatient = new CreativeAiProvider({ apiKey: API_KEY, baseUrl: simulator.url }, { timeoutMs: 100 });

    const error = await providerErrorFrom(impatient.submitRender(request()));
    expect(error).toMatchObject({ status: null, retryable: true });
    expect(error.message).toContain("could not be reached");

    const startedAt = Date.now();
    await provider.submitRender(request());
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(450);
  });

  it("treats an unreachable provider as retryable", async () => {
    await start();
    const url = simulator.url;
    await simulator.stop();
    const error = await providerErrorFrom(new CreativeAiProvider({ apiKey: API_KEY, baseUrl: url }).submitRender(request()));

    expect(error).toMatchObject({ status: null, retryable: true });
  });
});

describe("CreativeAI: callback delivery", () => {
  it("still tells the truth by polling when the callback is lost", async () => {
    await start({ faults: { lostCallbackRate: 1 } });
    const { generationId } = await provider.submitRender(request());

    const result = await pollUntilFinal(provider, generationId);
    await sleep(100);

    expect(result.status).toBe("completed");
    expect(receiver.received).toHaveLength(0);
    expect(simulator.state.counters.callbacksLost).toBe(1);
  });

  it("gives both deliveries of a duplicated callback the same delivery key", async () => {
    await start({ faults: { duplicateCallbackRate: 1 } });
    await provider.submitRender(request());

    const callbacks = await receiver.waitFor(2);
    const [first, second] = callbacks.map(verified);

    expect(second.deliveryKey).toBe(first.deliveryKey);
    expect(second.result).toEqual(first.result);
  });

  it("delivers a stale in-progress callback after the final one, distinguishable by its key", async () => {
    await start({ faults: { outOfOrderRate: 1 } });
    const { generationId } = await provider.submitRender(request());

    const [final, stale] = (await receiver.waitFor(2)).map(verified);

    expect(final.result.status).toBe("completed");
    expect(stale.result.status).toBe("processing");
    expect(stale.result.outputUrl).toBeNull();
    expect(stale.deliveryKey).toBe(`creativeai:${generationId}:processing`);
    expect(stale.deliveryKey).not.toBe(final.deliveryKey);
  });

  it("retries a refused callback at 0 s, 5 s and 30 s (time-scaled), then stops", async () => {
    const timeScale = 0.01;
    await start({ timeScale, renderTimeMs: { min: 1_000, max: 1_000 } });
    receiver.answerWith({ status: 500 });
    const { generationId } = await provider.submitRender(request());

    const attempts = await receiver.waitFor(3, 5_000);
    await sleep(400);

    expect(receiver.received).toHaveLength(3);
    const gaps = [attempts[1].time - attempts[0].time, attempts[2].time - attempts[1].time];
    expect(gaps[0]).toBeGreaterThanOrEqual(5_000 * timeScale - 5);
    expect(gaps[0]).toBeLessThan(30_000 * timeScale);
    expect(gaps[1]).toBeGreaterThanOrEqual(30_000 * timeScale - 5);
    expect(gaps[1]).toBeLessThan(30_000 * timeScale + 250);
    expect(simulator.state.callbacks.map((c) => [c.generationId, c.attempt, c.statusCode])).toEqual([
      [generationId, 1, 500],
      [generationId, 2, 500],
      [generationId, 3, 500],
    ]);
    expect(new Set(attempts.map((a) => a.rawBody)).size).toBe(1);
    expect(attempts.every((a) => verify(a).ok)).toBe(true);
  });

  it("stops retrying at the first 2xx", async () => {
    await start({ timeScale: 0.02, renderTimeMs: { min: 1_000, max: 1_000 } });
    receiver.answerWith({ status: 503 });
    await provider.submitRender(request());

    await receiver.waitFor(1);
    receiver.answerWith({ status: 204 });
    await receiver.waitFor(2);
    await sleep(800);

    expect(receiver.received).toHaveLength(2);
    expect(simulator.state.callbacks.map((c) => c.statusCode)).toEqual([503, 204]);
  });

  it("counts an attempt the endpoint answers too slowly as failed, and retries it", async () => {
    await start({ timeScale: 0.01, renderTimeMs: { min: 1_000, max: 1_000 } });
    receiver.answerWith({ status: 200, delayMs: 1_000 });
    await provider.submitRender(request());

    await receiver.waitFor(3, 5_000);
    await sleep(150);

    expect(simulator.state.callbacks.map((c) => [c.attempt, c.statusCode, c.error])).toEqual([
      [1, null, "timeout"],
      [2, null, "timeout"],
      [3, null, "timeout"],
    ]);
  });
});
