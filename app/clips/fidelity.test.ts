// The fidelity score against the provider simulator's own clips: every good
// clip (a push-in or pan over the product photo) must score above every
// drifted one (the product turning into another, or its colours shifting,
// from halfway), and frozen and black clips must score low. The separation
// (lowest good, highest drifted) is printed and recorded in the README.
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { productPhotoPng } from "../../dev/shopify-admin-emulator/images";
import { renderClip, type ClipFault, type ClipMotion, type ClipShape } from "../../dev/video-provider-simulator/clip-render";
import { scoreClipFidelity, type FidelityResult } from "./fidelity.server";

const run = promisify(execFile);
const CLIPS_OF_EACH = 50;
/** Small clips keep the set quick; the method does not depend on the size. */
const SHAPES: ClipShape[] = [
  { width: 192, height: 108 },
  { width: 128, height: 128 },
  { width: 108, height: 192 },
];
const SECONDS = [3, 4];
/** Half the simulator's frame rate: the score samples 4 frames a second either way. */
const TEST_FPS = 12;
/** The emulator draws this many distinct product photos (colours x shapes x backdrops). */
const LOOKS = 120;

interface Case {
  photoId: number;
  fault: ClipFault | null;
  motion: ClipMotion;
  shape: ClipShape;
  durationSeconds: number;
}

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "fidelity-"));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function scoreCase(name: string, clip: Case): Promise<FidelityResult> {
  const photo = productPhotoPng(clip.photoId);
  // Another product: a different colour and a different shape from the emulator's set.
  const otherPhoto = productPhotoPng(clip.photoId + 37);
  const bytes = await renderClip({ ...clip, photo, otherPhoto, fps: TEST_FPS });
  const clipPath = path.join(dir, `${name}.mp4`);
  await fs.writeFile(clipPath, bytes);
  return scoreClipFidelity({ clipPath, photo, durationSeconds: clip.durationSeconds });
}

/** Two at a time: this machine has two cores. */
async function scoreAll(cases: [string, Case][]): Promise<FidelityResult[]> {
  const results: FidelityResult[] = new Array(cases.length);
  let next = 0;
  const lane = async () => {
    while (next < cases.length) {
      const index = next++;
      results[index] = await scoreCase(cases[index][0], cases[index][1]);
    }
  };
  await Promise.all([lane(), lane()]);
  return results;
}

function casesOf(kind: "good" | "drifted", count: number): [string, Case][] {
  return Array.from({ length: count }, (_, i) => {
    const fault: ClipFault | null = kind === "good" ? null : i % 2 === 0 ? "drifted-product" : "drifted-colour";
    // Spread over the emulator's looks so every colour, shape and backdrop appears.
    const photoId = (i * 7 + (kind === "good" ? 0 : 3)) % LOOKS;
    const motion: ClipMotion = i % 2 === 0 ? "push-in" : "pan";
    return [`${kind}-${i}`, { photoId, fault, motion, shape: SHAPES[i % SHAPES.length], durationSeconds: SECONDS[i % SECONDS.length] }];
  });
}

describe("the fidelity score on the simulator's clips", () => {
  it(`puts every one of ${CLIPS_OF_EACH} good clips above every one of ${CLIPS_OF_EACH} drifted ones`, async () => {
    const good = await scoreAll(casesOf("good", CLIPS_OF_EACH));
    const drifted = await scoreAll(casesOf("drifted", CLIPS_OF_EACH));
    const minGood = Math.min(...good.map((result) => result.score));
    const maxDrifted = Math.max(...drifted.map((result) => result.score));
    console.info(
      `fidelity separation: ${CLIPS_OF_EACH} good clips min ${minGood.toFixed(3)}, ` +
        `${CLIPS_OF_EACH} drifted clips max ${maxDrifted.toFixed(3)}, margin ${(minGood - maxDrifted).toFixed(3)}`,
    );

    expect(minGood).toBeGreaterThan(maxDrifted);
    // Either side of the shop's default threshold (0.6), with room to spare.
    expect(minGood).toBeGreaterThan(0.8);
    expect(maxDrifted).toBeLessThan(0.4);
    expect(good.filter((result) => result.note !== null)).toEqual([]);
    for (const result of drifted)
      expect(result.note).toMatch(/^(Colours differ from your product photo|The product looks different from your photo) in the last/);
  }, 600_000);

  it("says a colour shift is a colour change, and when a drift starts", async () => {
    const base = { photoId: 12, motion: "push-in" as const, shape: SHAPES[0], durationSeconds: 4 };
    const [colour, product] = await scoreAll([
      ["colour", { ...base, fault: "drifted-colour" }],
      ["product", { ...base, fault: "drifted-product" }],
    ]);
    // The drift starts halfway (2 s) and takes a second to show fully.
    expect(colour.note).toMatch(/^Colours differ from your product photo in the last (second|2 seconds)$/);
    // Another product of a similar build (a label band on a body) may read as other colours rather than another shape.
    expect(product.note).toMatch(
      /^(The product looks different from your photo|Colours differ from your product photo) in the last (second|2 seconds)$/,
    );
    expect(colour.score).toBeLessThan(0.4);
    expect(product.score).toBeLessThan(0.4);
  }, 120_000);

  it("scores a frozen clip low and says it does not move", async () => {
    const cases = [0, 1, 2].map((i): [string, Case] => [
      `frozen-${i}`,
      { photoId: i * 11, fault: "frozen", motion: "push-in", shape: SHAPES[i], durationSeconds: 3 },
    ]);
    for (const result of await scoreAll(cases)) {
      expect(result.score).toBeLessThanOrEqual(0.3);
      expect(result.note).toBe("The video doesn't move: it shows one still picture");
    }
  }, 120_000);

  it("scores a black clip, and one that goes black, low", async () => {
    const photo = productPhotoPng(5);
    const black = path.join(dir, "black.mp4");
    await run("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "color=c=black:s=192x108:d=3:r=24", "-pix_fmt", "yuv420p", black]);
    const good = path.join(dir, "to-black-source.mp4");
    await fs.writeFile(good, await renderClip({ photo, shape: SHAPES[0], durationSeconds: 4, motion: "push-in", fault: null }));
    const fading = path.join(dir, "to-black.mp4");
    await run("ffmpeg", ["-v", "error", "-y", "-i", good, "-vf", "fade=t=out:st=2.5:d=0.5", "-pix_fmt", "yuv420p", fading]);

    const allBlack = await scoreClipFidelity({ clipPath: black, photo, durationSeconds: 3 });
    const goesBlack = await scoreClipFidelity({ clipPath: fading, photo, durationSeconds: 4 });
    expect(allBlack).toEqual({ score: 0, note: "The video goes black throughout" });
    expect(goesBlack.score).toBeLessThan(0.3);
    expect(goesBlack.note).toMatch(/^The video goes black in the last (second|2 seconds)$/);
  }, 120_000);

  it("counts the seconds a truncated file cannot play as not like the photo", async () => {
    const photo = productPhotoPng(40);
    const clipPath = path.join(dir, "truncated.mp4");
    await fs.writeFile(clipPath, await renderClip({ photo, shape: SHAPES[1], durationSeconds: 4, motion: "pan", fault: "truncated" }));
    const result = await scoreClipFidelity({ clipPath, photo, durationSeconds: 4 });
    expect(result.score).toBe(0);
    // Cut at under half its bytes, a small clip may not give a single frame.
    expect(result.note).toMatch(/^(The video breaks off at 0:0[0-2]|The video could not be played)$/);
  }, 60_000);

  it("refuses a file with no video picture", async () => {
    const clipPath = path.join(dir, "not-a-video.mp4");
    await fs.writeFile(clipPath, "<html>Access denied</html>");
    await expect(scoreClipFidelity({ clipPath, photo: productPhotoPng(1), durationSeconds: 5 })).rejects.toThrow();
  });
});
