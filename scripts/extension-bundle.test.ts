import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  COMPRESSED_LIMIT_BYTES,
  apiVersionOfPackage,
  bundleExtension,
  checkExtension,
  findExtensions,
  installedUiExtensionsVersion,
  readExtensionConfig,
} from "./extension-bundle";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// Inside the project so the fixtures resolve preact and @shopify/ui-extensions as the real extensions do.
const scratch = path.join(root, "node_modules", ".cache");
fs.mkdirSync(scratch, { recursive: true });
const fixtures = fs.mkdtempSync(path.join(scratch, "extension-check-"));
afterAll(() => fs.rmSync(fixtures, { recursive: true, force: true }));

const installed = installedUiExtensionsVersion(root);
const apiVersion = apiVersionOfPackage(installed);

function fixture(name: string, source: string, toml?: string): string {
  const directory = path.join(fixtures, name);
  fs.mkdirSync(path.join(directory, "src"), { recursive: true });
  fs.writeFileSync(path.join(directory, "src", "ActionExtension.tsx"), source);
  fs.writeFileSync(
    path.join(directory, "shopify.extension.toml"),
    toml ??
      `api_version = "${apiVersion}"\n\n[[extensions]]\nname = "Fixture"\nhandle = "${name}"\ntype = "ui_extension"\n\n` +
        `[[extensions.targeting]]\nmodule = "./src/ActionExtension.tsx"\ntarget = "admin.product-details.action.render"\n`,
  );
  return directory;
}

const PREACT_EXTENSION = `import { render } from "preact";
export default async () => { render(<s-admin-action heading="Fixture"><s-text>Hello</s-text></s-admin-action>, document.body); };
`;

describe("the app's admin extensions", () => {
  const directories = findExtensions(path.join(root, "extensions"));

  it("are the three actions, one target each", () => {
    const targets = directories.flatMap((d) => readExtensionConfig(d).targets.map((t) => t.target)).sort();
    expect(targets).toEqual([
      "admin.collection-details.action.render",
      "admin.product-details.action.render",
      "admin.product-index.selection-action.render",
    ]);
  });

  it.each(directories.map((d) => [path.basename(d), d]))(
    "%s builds on the installed API version, within the limit",
    async (_name, directory) => {
      const report = await checkExtension(directory);
      expect(report.problems).toEqual([]);
      expect(report.apiVersion).toBe(apiVersion);
      expect(report.compressedBytes).toBeGreaterThan(0);
      expect(report.compressedBytes!).toBeLessThanOrEqual(COMPRESSED_LIMIT_BYTES);
    },
  );
});

describe("checkExtension", () => {
  it("registers each target's default export with shopify.extend, as the CLI's entry does, and bundles Preact", async () => {
    const config = readExtensionConfig(fixture("registers", PREACT_EXTENSION));
    const result = await bundleExtension(config);
    const code = result.outputFiles[0]!.text;
    expect(code).toContain(`shopify.extend("admin.product-details.action.render"`);
    expect(code).toContain(`"s-admin-action"`);
    expect(Object.keys(result.metafile.inputs).some((input) => input.includes("node_modules/preact/"))).toBe(true);
  });

  it("reports a bundle over 64 KB compressed", async () => {
    // Random bytes do not compress: about 130 KB of base64 stays well over the limit after gzip.
    const blob = crypto.randomBytes(100_000).toString("base64");
    const report = await checkExtension(fixture("too-big", `export default async () => { console.log(${JSON.stringify(blob)}); };\n`));
    expect(report.compressedBytes!).toBeGreaterThan(COMPRESSED_LIMIT_BYTES);
    expect(report.problems).toEqual([expect.stringMatching(/KB compressed, over Shopify's limit of 64\.0 KB$/)]);
  });

  it("reports an extension that does not build, with esbuild's message", async () => {
    const report = await checkExtension(fixture("broken", `import { missing } from "./nowhere";\nexport default async () => missing();\n`));
    expect(report.compressedBytes).toBeNull();
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatch(/^does not build:\n.*Could not resolve "\.\/nowhere"/s);
  });

  it("refuses run-time code from @shopify/ui-extensions, which is types only", async () => {
    const report = await checkExtension(fixture("runtime-import", `import "@shopify/ui-extensions/admin";\n${PREACT_EXTENSION}`));
    expect(report.problems).toEqual([expect.stringMatching(/^bundles @shopify\/ui-extensions code .*; import it for its types only$/)]);
  });

  it("reports an api_version the installed types are not for", async () => {
    const directory = fixture("old-api", PREACT_EXTENSION);
    const toml = path.join(directory, "shopify.extension.toml");
    fs.writeFileSync(toml, fs.readFileSync(toml, "utf8").replace(`"${apiVersion}"`, `"2025-07"`));
    const report = await checkExtension(directory);
    expect(report.problems).toEqual([
      `api_version is 2025-07, but @shopify/ui-extensions ${installed} (the ${apiVersion} types) is installed`,
    ]);
  });

  it("reports a target the installed package does not have", async () => {
    const directory = fixture("unknown-target", PREACT_EXTENSION);
    const toml = path.join(directory, "shopify.extension.toml");
    fs.writeFileSync(
      toml,
      fs.readFileSync(toml, "utf8").replace("admin.product-details.action.render", "admin.product-details.generate.render"),
    );
    const report = await checkExtension(directory);
    expect(report.problems).toEqual([`admin.product-details.generate.render is not a target of @shopify/ui-extensions ${installed}`]);
  });

  it("reports a configuration without a target, naming the file", async () => {
    const directory = fixture("no-target", PREACT_EXTENSION, `api_version = "${apiVersion}"\n\n[[extensions]]\nhandle = "no-target"\n`);
    const report = await checkExtension(directory);
    expect(report.problems).toEqual([
      `${path.join(directory, "shopify.extension.toml")}: no [[extensions.targeting]] with a module and a target`,
    ]);
  });
});

describe("apiVersionOfPackage", () => {
  it("reads the API version from the package's calendar version", () => {
    expect(apiVersionOfPackage("2026.7.4")).toBe("2026-07");
    expect(apiVersionOfPackage("2026.10.0-rc.3")).toBe("2026-10");
  });
});
