// The key check of both adapters against the provider simulator over real
// HTTP: the right key is "connected", a wrong one is refused, a provider that
// is away is said to be away, and nothing is rendered either way.
import { afterEach, expect, it } from "vitest";
import { startProviderSimulator, type ProviderSimulator } from "../../dev/video-provider-simulator/server";
import type { ProviderName } from "./provider";
import { videoProviderFor } from "./registry.server";

const API_KEY = "rph_key_check_contract";
let simulator: ProviderSimulator | undefined;

afterEach(async () => {
  await simulator?.stop();
  simulator = undefined;
});

for (const name of ["creativeai", "json2video"] as ProviderName[]) {
  it(`${name}: the account's key is accepted, and nothing is rendered`, async () => {
    simulator = await startProviderSimulator({ apiKey: API_KEY, seed: 3 });
    const check = await videoProviderFor(name, { apiKey: API_KEY, baseUrl: simulator.url }).checkKey();
    expect(check).toEqual({ ok: true });
    expect(simulator.state.counters.accepted).toBe(0);
  });

  it(`${name}: a wrong key is refused, with the provider's answer kept for Details`, async () => {
    simulator = await startProviderSimulator({ apiKey: API_KEY, seed: 3 });
    const check = await videoProviderFor(name, { apiKey: "rph_not_this_one", baseUrl: simulator.url }).checkKey();
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problem).toBe("refused");
    expect(check.details).toMatch(/^HTTP 401/);
    expect(check.details).not.toContain("rph_not_this_one");
    expect(simulator.state.counters.rejectedUnauthorized).toBe(1);
  });

  it(`${name}: a provider that does not answer is "unreachable", not "refused"`, async () => {
    simulator = await startProviderSimulator({ apiKey: API_KEY, seed: 3 });
    const url = simulator.url;
    await simulator.stop();
    simulator = undefined;
    const check = await videoProviderFor(name, { apiKey: API_KEY, baseUrl: url }, { timeoutMs: 2_000 }).checkKey();
    expect(check).toMatchObject({ ok: false, problem: "unreachable" });
  });
}
