// Scenario 8. What a finished clip costs the app between the provider and
// Shopify, per clip, for a 5 s and a 10 s clip: the copy from the provider's
// URL into a local file, the ffprobe + full-decode validation, the poster
// frame and the fidelity score against the product photo, each in CPU ms
// (this process and the ffmpeg/ffprobe it starts) and wall ms. The clips are
// the provider simulator's own, rendered from an emulator product photo; the
// render itself is measured too, as context: it is the simulator's cost (and
// the sandbox's), not the app's.
import fs from "node:fs";
import path from "node:path";
import { checkClip } from "~/clips/clip-checks.server";
import { copyClipToFile } from "~/clips/clip-copy.server";
import { scoreClipFidelity } from "~/clips/fidelity.server";
import { makePoster } from "~/clips/poster.server";
import { productPhotoPng } from "../../dev/shopify-admin-emulator/images";
import { startProviderSimulator } from "../../dev/video-provider-simulator/server";
import { clipShapeFor, renderClip } from "../../dev/video-provider-simulator/clip-render";
import { defineScenario } from "../registry";
import { figure, type Figure } from "../report";
import { round } from "../support/stats";

const API_KEY = "bench-clip-checks";
/** Goal for the app's whole per-clip check (copy + validate + poster + score) of a 10 s clip, CPU. */
const CHECK_CPU_GOAL_MS = 2_000;

interface Cost {
  cpuMs: number;
  wallMs: number;
}

/** CPU of this process and of the children it has waited for (ffmpeg, ffprobe), in ms. */
function cpuMs(): number {
  const own = process.cpuUsage();
  // /proc/self/stat fields 16 and 17: cutime and cstime, in clock ticks (100 per second on Linux).
  const fields = fs.readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
  const children = (Number(fields[13]) + Number(fields[14])) * 10;
  return (own.user + own.system) / 1000 + children;
}

async function measure(times: number, step: (i: number) => Promise<unknown>): Promise<Cost> {
  const cpu0 = cpuMs();
  const wall0 = performance.now();
  for (let i = 0; i < times; i++) await step(i);
  return { cpuMs: round((cpuMs() - cpu0) / times, 1) ?? 0, wallMs: round((performance.now() - wall0) / times, 1) ?? 0 };
}

export default defineScenario({
  name: "clip-checks",
  order: 8,
  title: "Clip checks per clip (copy, validate, poster, fidelity score)",
  async run(ctx) {
    const times = ctx.quick ? 1 : 5;
    const figures: Figure[] = [];
    const details: Record<string, unknown> = {};
    const photo = productPhotoPng(12);
    const dir = path.join(ctx.scratchDir, "clip-checks");
    fs.mkdirSync(dir, { recursive: true });
    const simulator = await startProviderSimulator({ apiKey: API_KEY, renderTimeMs: { min: 0, max: 0 } });
    try {
      for (const seconds of [5, 10]) {
        const render = await measure(times, () =>
          renderClip({ photo, shape: clipShapeFor("16:9"), durationSeconds: seconds, motion: "push-in", fault: null }),
        );
        // One served clip: a render at the simulator, downloaded as the app downloads it.
        const clipUrl = await simulatedClip(simulator.url, photo, seconds);
        const source = { hosts: [], devOrigins: [simulator.url] };
        const clipPath = path.join(dir, `clip-${seconds}.mp4`);
        await copyClipToFile(clipUrl, source, clipPath);
        const copy = await measure(times, (i) => copyClipToFile(clipUrl, source, path.join(dir, `copy-${seconds}-${i}.mp4`)));
        const validate = await measure(times, async () => {
          const check = await checkClip(clipPath, { durationSeconds: seconds, aspectRatio: "16:9" });
          if (!check.ok) throw new Error(`the simulator's good clip failed validation: ${check.problem}`);
        });
        const poster = await measure(times, (i) => makePoster(clipPath, path.join(dir, `poster-${seconds}-${i}.jpg`), seconds));
        let score = 0;
        const fidelity = await measure(times, async () => {
          score = (await scoreClipFidelity({ clipPath, photo, durationSeconds: seconds })).score;
        });
        const total: Cost = {
          cpuMs: round(copy.cpuMs + validate.cpuMs + poster.cpuMs + fidelity.cpuMs, 1) ?? 0,
          wallMs: round(copy.wallMs + validate.wallMs + poster.wallMs + fidelity.wallMs, 1) ?? 0,
        };
        details[`${seconds}s`] = { render, copy, validate, poster, fidelity, total, score, clipBytes: fs.statSync(clipPath).size };
        const row = (key: string, label: string, cost: Cost, goal: number | null = null) => [
          figure({
            id: `clips.${key}.cpu_ms.${seconds}s`,
            label: `${label}, ${seconds} s clip, CPU`,
            value: cost.cpuMs,
            unit: "ms",
            anchor: null,
            goal: goal === null ? null : { op: "<=", value: goal },
          }),
          figure({
            id: `clips.${key}.wall_ms.${seconds}s`,
            label: `${label}, ${seconds} s clip, wall`,
            value: cost.wallMs,
            unit: "ms",
            anchor: null,
            goal: null,
          }),
        ];
        figures.push(
          ...row("copy", "Copy from the provider URL", copy),
          ...row("validate", "Validate (ffprobe + full decode)", validate),
          ...row("poster", "Poster frame", poster),
          ...row("fidelity", "Fidelity score", fidelity),
          ...row("all_checks", "All checks (copy + validate + poster + score)", total, seconds === 10 ? CHECK_CPU_GOAL_MS : null),
          ...row("simulator_render", "Simulator render (context: not the app's cost)", render),
        );
      }
    } finally {
      await simulator.stop();
    }
    return {
      figures,
      dataLoss: [],
      notes: [
        `${times} run(s) of each step per clip; CPU includes the ffmpeg and ffprobe processes each step starts.`,
        "Clips: 448 x 252 H.264 from the provider simulator, a push-in over an emulator product photo.",
      ],
      details,
    };
  },
});

/** A completed render at the simulator whose file is this photo's clip (rendered on first download). */
async function simulatedClip(simulatorUrl: string, photo: Buffer, seconds: number): Promise<string> {
  const http = await import("node:http");
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { "content-type": "image/png", "content-length": String(photo.length) }).end(photo);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  try {
    const response = await fetch(`${simulatorUrl}/v1/video/generations`, {
      method: "POST",
      headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "kling-v3",
        prompt: "slow push",
        image_url: `http://127.0.0.1:${address.port}/photo.png`,
        duration: seconds,
        aspect_ratio: "16:9",
      }),
    });
    const { id } = (await response.json()) as { id: string };
    const url = `${simulatorUrl}/files/${id}.mp4`;
    for (let tries = 0; ; tries++) {
      // The first successful download renders and caches the clip; the photo server may close after it.
      const answer = await fetch(url, { method: "HEAD" });
      if (answer.ok) return url;
      if (tries > 200) throw new Error("the simulated render never finished");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}
