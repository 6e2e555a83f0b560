// The simulator's own behaviour, seen from outside over HTTP: what it refuses,
// the files it serves, its control endpoints and its bookkeeping.
import crypto from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { startCallbackReceiver, type CallbackReceiver } from "./callback-receiver";
import { startProviderSimulator, type ProviderSimulator, type ProviderSimulatorOptions } from "./server";

const API_KEY = "sim_key";
let simulator: ProviderSimulator | undefined;
let receiver: CallbackReceiver | undefined;

afterEach(async () => {
  await simulator?.stop();
  await receiver?.stop();
  simulator = undefined;
  receiver = undefined;
});

async function start(options: ProviderSimulatorOptions = {}): Promise<ProviderSimulator> {
  simulator = await startProviderSimulator({ apiKey: API_KEY, renderTimeMs: { min: 30, max: 60 }, seed: 3, ...options });
  return simulator;
}

function creativeAi(sim: ProviderSimulator, body: unknown, key = API_KEY) {
  return fetch(`${sim.url}/v1/video/generations`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const GENERATION = {
  model: "kling-v3",
  prompt: "slow push",
  image_url: "https://cdn.example.com/a.jpg",
  duration: 5,
  aspect_ratio: "16:9",
};

function json2video(sim: ProviderSimulator, body: unknown, key: string | null = API_KEY) {
  return fetch(`${sim.url}/v2/movies`, {
    method: "POST",
    headers: { ...(key === null ? {} : { "x-api-key": key }), "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function waitUntil(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("simulated CreativeAI requests", () => {
  it("answers 401 to a wrong bearer key and records the refusal", async () => {
    const sim = await start();
    const response = await creativeAi(sim, GENERATION, "nope");

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { message: "Invalid API key", type: "authentication_error" } });
    expect(sim.state.submissions).toMatchObject([{ responseStatus: 401, generationId: null }]);
    expect(sim.state.counters.rejectedUnauthorized).toBe(1);
  });

  it.each([
    ["no prompt", { ...GENERATION, prompt: undefined }, "prompt is required"],
    ["no image_url", { ...GENERATION, image_url: undefined }, "image_url is required"],
    ["an unknown model", { ...GENERATION, model: "sora" }, "Unknown model 'sora'. Available models: kling-v3, seedance-1.5-pro, auto"],
    ["a duration out of range", { ...GENERATION, duration: 60 }, "duration must be a whole number of seconds from 1 to 15"],
    ["a webhook that is not a URL", { ...GENERATION, webhook_url: "callme" }, "webhook_url must be an http(s) URL"],
    ["a body that is not JSON", "{", "The request body must be a JSON object"],
  ])("answers 400 to %s", async (_name, body, message) => {
    const sim = await start();
    const response = await creativeAi(sim, body);

    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe(message);
  });

  it('accepts the docs\' "5s" duration as well as 5', async () => {
    const sim = await start();
    const response = await creativeAi(sim, { ...GENERATION, duration: "5s" });

    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({
      object: "video.generation",
      status: "pending",
      model: "kling-v3",
      credits: 3,
      failover_used: false,
    });
  });

  it("bills a failover at the cheaper model and refunds a failure", async () => {
    const sim = await start({ faults: { failoverRate: 1 } });
    const { id } = await (await creativeAi(sim, GENERATION)).json();
    sim.setFaults({ failoverRate: 0, failRate: 1 });
    const { id: failedId } = await (await creativeAi(sim, GENERATION)).json();

    expect(sim.state.renders.get(id)).toMatchObject({ modelActual: "seedance-1.5-pro", failoverUsed: true, credits: 2 });
    expect(sim.state.renders.get(failedId)).toMatchObject({ outcome: "failed", credits: 0 });
  });

  it("signs each callback with HMAC-SHA256 of the exact body under the API key", async () => {
    receiver = await startCallbackReceiver();
    const sim = await start();
    await creativeAi(sim, { ...GENERATION, webhook_url: `${receiver.url}/hook` });

    const [callback] = await receiver.waitFor(1);
    const expected = crypto.createHmac("sha256", API_KEY).update(callback.rawBody).digest("hex");
    expect(callback.headers.get("x-creativeai-signature")).toBe(`sha256=${expected}`);
    expect(callback.headers.get("x-creativeai-delivery-id")).toBe(JSON.parse(callback.rawBody).id);
  });

  it("replays a final callback later with the same bytes and signature to the same URL", async () => {
    receiver = await startCallbackReceiver();
    const sim = await start({ faults: { replayCallbackRate: 1 }, timeScale: 0.05 });
    await creativeAi(sim, { ...GENERATION, webhook_url: `${receiver.url}/hook?attempt=1` });

    const [first, replay] = await receiver.waitFor(2);
    expect(replay.rawBody).toBe(first.rawBody);
    expect(replay.path).toBe(first.path);
    expect(replay.headers.get("x-creativeai-signature")).toBe(first.headers.get("x-creativeai-signature"));
    expect(sim.state.counters.callbacksReplayed).toBe(1);
  });

  it("sends an image's earlier final callback again, to its own URL, when the image is rendered again", async () => {
    receiver = await startCallbackReceiver();
    const sim = await start({ faults: { outOfDateCallbackRate: 1 } });
    await creativeAi(sim, { ...GENERATION, webhook_url: `${receiver.url}/hook?attempt=1` });
    const [earlier] = await receiver.waitFor(1);
    await creativeAi(sim, { ...GENERATION, webhook_url: `${receiver.url}/hook?attempt=2` });

    const received = await receiver.waitFor(3);
    const earlierAgain = received.filter((c) => c.path === "/hook?attempt=1");
    expect(earlierAgain.map((c) => c.rawBody)).toEqual([earlier.rawBody, earlier.rawBody]);
    expect(received.filter((c) => c.path === "/hook?attempt=2")).toHaveLength(1);
    expect(sim.state.counters.callbacksReplayed).toBe(1);
  });
});

describe("simulated JSON2Video requests", () => {
  const MOVIE = { resolution: "full-hd", scenes: [{ duration: 5, elements: [{ type: "image", src: "https://cdn.example.com/a.jpg" }] }] };

  it("answers 401 without the x-api-key", async () => {
    const sim = await start();
    const response = await json2video(sim, MOVIE, null);

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ success: false, message: "Invalid or missing API key" });
  });

  it.each([
    ["no scenes", { resolution: "full-hd", scenes: [] }, "The movie must have at least one scene"],
    ["no image", { scenes: [{ elements: [{ type: "text", text: "hi" }] }] }, "The movie needs an image element with an http(s) src"],
    ["an unknown resolution", { ...MOVIE, resolution: "8k" }, "Invalid resolution '8k'"],
  ])("answers 400 to a movie with %s", async (_name, body, message) => {
    const sim = await start();
    const response = await json2video(sim, body);

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ success: false, message });
  });

  it("reports a movie by project, and 400 or 404 when the project is missing or unknown", async () => {
    const sim = await start();
    const { project } = await (await json2video(sim, MOVIE)).json();
    const get = (query: string) => fetch(`${sim.url}/v2/movies${query}`, { headers: { "x-api-key": API_KEY } });

    await waitUntil(() => sim.state.renders.get(project)?.finished === true);
    expect(await (await get(`?project=${project}`)).json()).toMatchObject({
      success: true,
      movie: { project, status: "done", url: `${sim.url}/files/${project}.mp4`, duration: 5, size: expect.any(Number) },
    });
    expect((await get("")).status).toBe(400);
    expect((await get("?project=nope")).status).toBe(404);
  });
});

describe("the output files", () => {
  it("serves a completed render as an MP4 with Content-Length, on GET and HEAD", async () => {
    const sim = await start();
    const { id } = await (await creativeAi(sim, GENERATION)).json();
    const url = `${sim.url}/files/${id}.mp4`;

    expect((await fetch(url)).status).toBe(404);
    await waitUntil(() => sim.state.renders.get(id)?.finished === true);

    const response = await fetch(url);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(response.headers.get("content-type")).toBe("video/mp4");
    expect(Number(response.headers.get("content-length"))).toBe(bytes.length);
    // A playable clip: the movie header first (so a player starts at once), then the media.
    const boxes = topLevelBoxes(bytes);
    expect(boxes[0]).toBe("ftyp");
    expect(boxes.indexOf("moov")).toBeGreaterThan(0);
    expect(boxes.indexOf("mdat")).toBeGreaterThan(boxes.indexOf("moov"));
    const mvhd = bytes.indexOf("mvhd");
    // mvhd v0 after its type: version+flags, creation, modification, timescale, duration.
    expect(bytes.readUInt32BE(mvhd + 20) / bytes.readUInt32BE(mvhd + 16)).toBe(5);
    expect(bytes.indexOf("avc1"), "an H.264 video track").toBeGreaterThan(0);
    expect(bytes.length).toBeGreaterThan(10_000);

    const head = await fetch(url, { method: "HEAD" });
    expect(head.headers.get("content-length")).toBe(String(bytes.length));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it("shapes the clip as ordered, and still serves a duration it has no clip of", async () => {
    const sim = await start();
    const square = await (await creativeAi(sim, { ...GENERATION, aspect_ratio: "1:1", duration: 10 })).json();
    const odd = await (await creativeAi(sim, { ...GENERATION, duration: 7 })).json();
    await waitUntil(() => sim.state.renders.get(square.id)?.finished === true && sim.state.renders.get(odd.id)?.finished === true);

    const squareBytes = Buffer.from(await (await fetch(`${sim.url}/files/${square.id}.mp4`)).arrayBuffer());
    const tkhd = squareBytes.indexOf("tkhd");
    // tkhd v0: width and height, 16.16 fixed point, are its last eight bytes.
    const tkhdEnd = tkhd - 4 + squareBytes.readUInt32BE(tkhd - 4);
    expect(squareBytes.readUInt32BE(tkhdEnd - 8) >>> 16).toBe(squareBytes.readUInt32BE(tkhdEnd - 4) >>> 16);
    const squareMvhd = squareBytes.indexOf("mvhd");
    expect(squareBytes.readUInt32BE(squareMvhd + 20) / squareBytes.readUInt32BE(squareMvhd + 16)).toBe(10);

    const oddBytes = Buffer.from(await (await fetch(`${sim.url}/files/${odd.id}.mp4`)).arrayBuffer());
    const oddMvhd = oddBytes.indexOf("mvhd");
    expect(oddBytes.readUInt32BE(oddMvhd + 20) / oddBytes.readUInt32BE(oddMvhd + 16)).toBe(7);
  });

  it("serves an HTML page with a 200 for an invalid-video render", async () => {
    const sim = await start({ faults: { invalidVideoRate: 1 } });
    const { id } = await (await creativeAi(sim, GENERATION)).json();
    await waitUntil(() => sim.state.renders.get(id)?.finished === true);

    const response = await fetch(`${sim.url}/files/${id}.mp4`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(await response.text()).toContain("<html>");
  });

  it("has no file for a failed render", async () => {
    const sim = await start({ faults: { failRate: 1 } });
    const { id } = await (await creativeAi(sim, GENERATION)).json();
    await waitUntil(() => sim.state.renders.get(id)?.finished === true);

    expect((await fetch(`${sim.url}/files/${id}.mp4`)).status).toBe(404);
  });
});

describe("control and bookkeeping", () => {
  it("exposes its state as JSON", async () => {
    const sim = await start();
    const { id } = await (await creativeAi(sim, GENERATION)).json();

    const state = await (await fetch(`${sim.url}/__simulator/state`)).json();
    expect(state.submissions).toHaveLength(1);
    expect(state.renders[id]).toMatchObject({ provider: "creativeai", outcome: "completed" });
    expect(state.counters.accepted).toBe(1);
  });

  it("switches faults over HTTP, and refuses unknown faults or rates out of range", async () => {
    const sim = await start();
    const post = (body: unknown) => fetch(`${sim.url}/__simulator/faults`, { method: "POST", body: JSON.stringify(body) });

    const changed = await post({ failRate: 0.5, slowResponseMs: 10 });
    expect(changed.status).toBe(200);
    expect(sim.faults()).toMatchObject({ failRate: 0.5, slowResponseMs: 10, submit429Rate: 0 });
    expect((await post({ explodeRate: 1 })).status).toBe(400);
    expect((await post({ failRate: 2 })).status).toBe(400);
    expect(sim.faults().failRate).toBe(0.5);
  });

  it("counts renders in flight and the most seen at once", async () => {
    const sim = await start({ renderTimeMs: { min: 200, max: 200 } });
    await Promise.all([1, 2, 3].map(() => creativeAi(sim, GENERATION)));

    expect(sim.state.inFlight).toBe(3);
    await waitUntil(() => sim.state.inFlight === 0);
    expect(sim.state.maxInFlight).toBe(3);
    expect(sim.state.counters.completed).toBe(3);
  });

  it("scales render time by timeScale", async () => {
    const sim = await start({ renderTimeMs: { min: 2_000, max: 2_000 }, timeScale: 0.05 });
    const startedAt = Date.now();
    const { id } = await (await creativeAi(sim, GENERATION)).json();

    await waitUntil(() => sim.state.renders.get(id)?.finished === true);
    const took = Date.now() - startedAt;
    expect(took).toBeGreaterThanOrEqual(95);
    expect(took).toBeLessThan(1_000);
  });

  it("makes the same decisions for the same seed", async () => {
    const outcomes = async (seed: number) => {
      const sim = await startProviderSimulator({ apiKey: API_KEY, seed, faults: { failRate: 0.5 } });
      const ids: string[] = [];
      for (let i = 0; i < 12; i += 1) ids.push((await (await creativeAi(sim, GENERATION)).json()).id);
      const result = ids.map((id) => `${sim.state.renders.get(id)?.outcome}`);
      await sim.stop();
      return result;
    };
    const first = await outcomes(42);
    expect(await outcomes(42)).toEqual(first);
    expect(new Set(first)).toEqual(new Set(["completed", "failed"]));
  });

  it("reset() cancels pending renders and callbacks, empties the state and restores the starting faults", async () => {
    receiver = await startCallbackReceiver();
    const sim = await start({ renderTimeMs: { min: 100, max: 100 }, faults: { failRate: 1 } });
    await creativeAi(sim, { ...GENERATION, webhook_url: `${receiver.url}/hook` });
    sim.setFaults({ failRate: 0 });

    sim.reset();
    await new Promise((resolve) => setTimeout(resolve, 250));

    expect(receiver.received).toHaveLength(0);
    expect(sim.state.submissions).toHaveLength(0);
    expect(sim.state.renders.size).toBe(0);
    expect(sim.state.inFlight).toBe(0);
    expect(sim.faults().failRate).toBe(1);
  });

  it("stop() ends the callbacks still due", async () => {
    receiver = await startCallbackReceiver();
    const sim = await start({ renderTimeMs: { min: 100, max: 100 } });
    await creativeAi(sim, { ...GENERATION, webhook_url: `${receiver.url}/hook` });

    await sim.stop();
    simulator = undefined;
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(receiver.received).toHaveLength(0);
  });
});

function topLevelBoxes(bytes: Buffer): string[] {
  const types: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += bytes.readUInt32BE(offset)) {
    types.push(bytes.subarray(offset + 4, offset + 8).toString("latin1"));
  }
  return types;
}
