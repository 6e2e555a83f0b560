// The JSON2Video adapter against the provider simulator, over real HTTP.
// Its callbacks are unsigned and sent once: the per-job URL token and polling
// are what the app relies on.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startCallbackReceiver, type CallbackReceiver, type ReceivedCallback } from "../../dev/video-provider-simulator/callback-receiver";
import { startProviderSimulator, type ProviderSimulator, type ProviderSimulatorOptions } from "../../dev/video-provider-simulator/server";
import { pollUntilFinal, providerErrorFrom, sleep } from "./contract-test-support";
import { Json2VideoProvider, newCallbackToken } from "./json2video.server";
import type { RenderRequest } from "./provider";

const API_KEY = "j2v_test_contract_key";

let simulator: ProviderSimulator;
let receiver: CallbackReceiver;
let provider: Json2VideoProvider;
let token: string;

async function start(options: ProviderSimulatorOptions = {}) {
  simulator = await startProviderSimulator({ apiKey: API_KEY, renderTimeMs: { min: 40, max: 80 }, seed: 11, ...options });
  provider = new Json2VideoProvider({ apiKey: API_KEY, baseUrl: simulator.url });
}

function request(overrides: Partial<RenderRequest> = {}): RenderRequest {
  return {
    imageUrl: "https://cdn.example.com/catalog/shoe-hero.jpg",
    prompt: "gentle rotation",
    model: "zoom-in",
    duration: 6,
    aspectRatio: "16:9",
    callbackUrl: `${receiver.url}/callbacks/json2video/${token}`,
    jobReference: "job_42",
    ...overrides,
  };
}

/** What the app's callback route does: take the token from the path it was called on. */
function verified(callback: ReceivedCallback) {
  const verification = provider.verifyCallback({
    rawBody: callback.rawBody,
    headers: callback.headers,
    urlToken: callback.path.split("/").at(-1),
    expectedToken: token,
  });
  if (!verification.ok) throw new Error(`callback rejected: ${verification.message}`);
  return verification;
}

beforeEach(async () => {
  receiver = await startCallbackReceiver();
  token = newCallbackToken();
});

afterEach(async () => {
  await simulator?.stop();
  await receiver.stop();
});

describe("JSON2Video: the happy path", () => {
  it("submits a one-scene movie of the product photo with a webhook and our job reference", async () => {
    await start();
    const submitted = await provider.submitRender(request());

    expect(submitted).toEqual({
      generationId: expect.stringMatching(/^[0-9a-f]{16}$/),
      status: "pending",
      modelActual: null,
      credits: null,
    });
    const [submission] = simulator.state.submissions;
    expect(submission).toMatchObject({ provider: "json2video", responseStatus: 200, generationId: submitted.generationId });
    expect(submission.body).toEqual({
      resolution: "full-hd",
      "client-data": { job_reference: "job_42" },
      exports: [{ destinations: [{ type: "webhook", endpoint: `${receiver.url}/callbacks/json2video/${token}` }] }],
      scenes: [{ duration: 6, elements: [{ type: "image", src: "https://cdn.example.com/catalog/shoe-hero.jpg", duration: 6, zoom: 3 }] }],
    });
  });

  it.each([
    ["9:16", "instagram-story"],
    ["1:1", "squared"],
  ])("renders %s as the %s resolution", async (aspectRatio, resolution) => {
    await start();
    await provider.submitRender(request({ aspectRatio }));
    expect(simulator.state.submissions[0].body).toMatchObject({ resolution });
  });

  it("refuses an aspect ratio JSON2Video has no resolution for, without calling it", async () => {
    await start();
    const error = await providerErrorFrom(provider.submitRender(request({ aspectRatio: "21:9" })));

    expect(error).toMatchObject({ retryable: false, status: null });
    expect(error.message).toContain("21:9");
    expect(simulator.state.submissions).toHaveLength(0);
  });

  it("polls a movie to completed, with a downloadable video", async () => {
    await start();
    const { generationId } = await provider.submitRender(request());
    const result = await pollUntilFinal(provider, generationId);

    expect(result).toEqual({
      generationId,
      status: "completed",
      outputUrl: simulator.state.renders.get(generationId)?.outputUrl,
      errorMessage: null,
      credits: null,
      failoverUsed: false,
      modelActual: null,
      completedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    const video = await fetch(result.outputUrl as string);
    expect(video.headers.get("content-type")).toBe("video/mp4");
  });

  it("receives one callback that the token check accepts, echoing our job reference", async () => {
    await start();
    const { generationId } = await provider.submitRender(request());

    const [callback] = await receiver.waitFor(1);
    const verification = verified(callback);

    expect(verification.deliveryKey).toBe(`json2video:${generationId}:done`);
    expect(verification.event).toBeNull();
    expect(verification.result).toMatchObject({
      generationId,
      status: "completed",
      outputUrl: simulator.state.renders.get(generationId)?.outputUrl,
      jobReference: "job_42",
    });
    expect(callback.headers.get("x-creativeai-signature")).toBeNull();
  });
});

describe("JSON2Video: things that go wrong", () => {
  it("surfaces the message of a failed movie from the callback and from polling", async () => {
    await start({ faults: { failRate: 1 } });
    const { generationId } = await provider.submitRender(request());

    const fromCallback = verified((await receiver.waitFor(1))[0]).result;
    const fromPoll = await pollUntilFinal(provider, generationId);

    const truth = simulator.state.renders.get(generationId)?.errorMessage;
    expect(truth).toBeTruthy();
    expect(fromCallback).toMatchObject({ status: "failed", errorMessage: truth, outputUrl: null });
    expect(fromPoll).toMatchObject({ status: "failed", errorMessage: truth, outputUrl: null });
  });

  it("turns a 429 into a retryable error that carries Retry-After", async () => {
    await start({ faults: { submit429Rate: 1, retryAfterSeconds: 3 } });
    const error = await providerErrorFrom(provider.submitRender(request()));

    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 3_000, providerMessage: "Too many requests" });
  });

  it("turns a 5xx at submission and while polling into retryable errors", async () => {
    await start({ faults: { submit5xxRate: 1 } });
    expect(await providerErrorFrom(provider.submitRender(request()))).toMatchObject({ status: 503, retryable: true });

    simulator.setFaults({ submit5xxRate: 0, poll5xxRate: 1 });
    const { generationId } = await provider.submitRender(request());
    expect(await providerErrorFrom(provider.fetchRender(generationId))).toMatchObject({ status: 503, retryable: true });
  });

  it("refuses a wrong API key and a movie without a usable image as not retryable, in the provider's words", async () => {
    await start();
    const wrongKey = new Json2VideoProvider({ apiKey: "j2v_wrong", baseUrl: simulator.url });

    const unauthorized = await providerErrorFrom(wrongKey.submitRender(request()));
    expect(unauthorized).toMatchObject({ status: 401, retryable: false, providerMessage: "Invalid or missing API key" });

    const invalid = await providerErrorFrom(provider.submitRender(request({ imageUrl: "mug.jpg" })));
    expect(invalid).toMatchObject({ status: 400, retryable: false });
    expect(invalid.message).toBe("The video provider refused the request: The movie needs an image element with an http(s) src");
  });

  it("gives up on a slow answer after its timeout, as a retryable error", async () => {
    await start({ faults: { slowResponseMs: 500 } });
    const impatient = new Json2VideoProvider({ apiKey: API_KEY, baseUrl: simulator.url }, { timeoutMs: 100 });

    expect(await providerErrorFrom(impatient.submitRender(request()))).toMatchObject({ status: null, retryable: true });
  });

  it("keeps a movie that never finishes in progress, with no callback", async () => {
    await start({ faults: { neverFinishRate: 1 } });
    const { generationId } = await provider.submitRender(request());

    await sleep(300);

    expect((await provider.fetchRender(generationId)).status).toBe("processing");
    expect(receiver.received).toHaveLength(0);
  });
});

describe("JSON2Video: callback delivery", () => {
  it("sends a refused callback once and never again; polling still tells the truth", async () => {
    await start({ timeScale: 0.01, renderTimeMs: { min: 1_000, max: 1_000 } });
    receiver.answerWith({ status: 500 });
    const { generationId } = await provider.submitRender(request());

    await receiver.waitFor(1);
    await sleep(500);

    expect(receiver.received).toHaveLength(1);
    expect(simulator.state.callbacks).toMatchObject([{ generationId, attempt: 1, statusCode: 500 }]);
    expect((await pollUntilFinal(provider, generationId)).status).toBe("completed");
  });

  it("still tells the truth by polling when the callback is lost", async () => {
    await start({ faults: { lostCallbackRate: 1 } });
    const { generationId } = await provider.submitRender(request());

    const result = await pollUntilFinal(provider, generationId);
    await sleep(100);

    expect(result.status).toBe("completed");
    expect(receiver.received).toHaveLength(0);
  });

  it("gives both deliveries of a duplicated callback the same delivery key", async () => {
    await start({ faults: { duplicateCallbackRate: 1 } });
    await provider.submitRender(request());

    const [first, second] = (await receiver.waitFor(2)).map(verified);
    expect(second.deliveryKey).toBe(first.deliveryKey);
  });

  it("delivers a stale running callback after the final one, distinguishable by its key", async () => {
    await start({ faults: { outOfOrderRate: 1 } });
    const { generationId } = await provider.submitRender(request());

    const [final, stale] = (await receiver.waitFor(2)).map(verified);

    expect(final.result.status).toBe("completed");
    expect(stale.result.status).toBe("processing");
    expect(stale.deliveryKey).toBe(`json2video:${generationId}:running`);
  });
});
