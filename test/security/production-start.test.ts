// A start outside the sandbox and tests never runs on placeholder secrets:
// `npm start` and `npm run worker` (and a bare `node server.js`, whatever
// NODE_ENV says) stop with a message naming each missing variable. With the
// placeholder secret in use, anyone could sign session tokens and webhooks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bareEnvironment, builtAppCopy, realSecrets, root, runToExit } from "./built-app";

const REQUIRED = ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL", "APP_ENCRYPTION_KEY", "REDIS_URL"];

function withoutSecret(name: string): Record<string, string> {
  const secrets = realSecrets();
  delete secrets[name];
  return secrets;
}

let app: Awaited<ReturnType<typeof builtAppCopy>>;

beforeAll(async () => {
  app = await builtAppCopy();
}, 240_000);

afterAll(() => app?.remove());

describe("web process start", () => {
  it("npm start without any secret exits non-zero, naming every missing variable, and never listens", async () => {
    const { code, output } = await runToExit("npm", ["start"], { cwd: app.dir, env: bareEnvironment({ PORT: "0" }) });
    expect(code).not.toBe(0);
    for (const name of REQUIRED) expect(output).toContain(`${name}: is required`);
    expect(output).not.toContain("web server ready");
  });

  it.each(REQUIRED)("npm start without %s names it, even with NODE_ENV=development in the shell", async (name) => {
    const { code, output } = await runToExit("npm", ["start"], {
      cwd: app.dir,
      env: bareEnvironment({ PORT: "0", NODE_ENV: "development", ...withoutSecret(name) }),
    });
    expect(code).not.toBe(0);
    expect(output).toContain(`${name}: is required`);
    for (const other of REQUIRED.filter((n) => n !== name)) expect(output).not.toContain(`${other}: is required`);
  });

  it.each([
    ["unset", {}],
    ["development", { NODE_ENV: "development" }],
  ])("node server.js with NODE_ENV %s and no secrets refuses too", async (_label, nodeEnv) => {
    const { code, output } = await runToExit(process.execPath, ["server.js"], {
      cwd: app.dir,
      env: bareEnvironment({ PORT: "0", ...nodeEnv }),
    });
    expect(code).not.toBe(0);
    expect(output).toContain("SHOPIFY_API_SECRET: is required");
    expect(output).not.toContain("web server ready");
  });

  it("the sandbox's flag cannot be used by a production start", async () => {
    const { code, output } = await runToExit("npm", ["start"], {
      cwd: app.dir,
      env: bareEnvironment({ PORT: "0", CATALOG_MOTION_SANDBOX: "1" }),
    });
    expect(code).not.toBe(0);
    expect(output).toContain("CATALOG_MOTION_SANDBOX: the sandbox cannot be started with NODE_ENV=production");
    expect(output).toContain("SHOPIFY_API_SECRET: is required");
  });
});

describe("worker process start", () => {
  it("npm run worker without any secret exits non-zero, naming every missing variable", async () => {
    const { code, output } = await runToExit("npm", ["run", "worker"], { cwd: root, env: bareEnvironment() });
    expect(code).not.toBe(0);
    for (const name of REQUIRED) expect(output).toContain(`${name}: is required`);
    expect(output).not.toContain("worker ready");
  });

  it("npm run worker without the Shopify secret names it, whatever NODE_ENV the shell has", async () => {
    const { code, output } = await runToExit("npm", ["run", "worker"], {
      cwd: root,
      env: bareEnvironment({ NODE_ENV: "development", ...withoutSecret("SHOPIFY_API_SECRET") }),
    });
    expect(code).not.toBe(0);
    expect(output).toContain("SHOPIFY_API_SECRET: is required");
    expect(output).not.toContain("worker ready");
  });

  it("npm run worker with the sandbox's flag refuses", async () => {
    const { code, output } = await runToExit("npm", ["run", "worker"], {
      cwd: root,
      env: bareEnvironment({ CATALOG_MOTION_SANDBOX: "1", ...realSecrets() }),
    });
    expect(code).not.toBe(0);
    expect(output).toContain("CATALOG_MOTION_SANDBOX: the sandbox cannot be started with NODE_ENV=production");
  });
});
