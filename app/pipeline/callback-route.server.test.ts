// The route's load shedding: past MAX_CONCURRENT_CALLBACKS in progress, a
// callback gets 503 with Retry-After at once instead of waiting in line.
process.env.MAX_CONCURRENT_CALLBACKS = "2";

import { expect, it } from "vitest";
import { resetEnvForTests } from "~/config/env.server";
import { handleProviderCallback } from "./callback-route.server";
import type { PipelineContext } from "./context.server";

it("answers 503 + Retry-After beyond its limit, and serves again once load drops", async () => {
  resetEnvForTests();
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  // A database that is slow to answer: the first callbacks stay in progress.
  const slowDatabase = {
    dialect: "sqlite",
    $queryRawUnsafe: async () => {
      await gate;
      return [];
    },
    $executeRawUnsafe: async () => 1,
  };
  const ctx = { db: slowDatabase } as unknown as PipelineContext;
  const post = () =>
    handleProviderCallback(
      ctx,
      "creativeai",
      new Request("http://app.test/webhooks/video/creativeai", {
        method: "POST",
        headers: { "content-type": "application/json", "x-creativeai-delivery-id": "vgen_1" },
        body: JSON.stringify({ id: "vgen_1", status: "completed" }),
      }),
    );

  const inProgress = [post(), post()];
  const shed = await Promise.all([post(), post(), post()]);
  for (const response of shed) {
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("1");
  }
  release();
  // Past the gate: an unknown render's callback, held and answered as unverifiable.
  expect((await Promise.all(inProgress)).map((r) => r.status)).toEqual([401, 401]);
  expect((await post()).status).toBe(401);
});
