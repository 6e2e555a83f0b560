// Builds an admin UI extension the way the Shopify CLI does for `shopify app
// build` (which cannot run offline) and measures it against the limit Shopify
// enforces at deploy: 64 KB of compressed JavaScript per extension, for
// extensions on API version 2025-10 or later.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import zlib from "node:zlib";
import * as esbuild from "esbuild";

/** Shopify's "64 KB", read as the stricter 64,000 bytes so a bundle that passes here passes at deploy. */
export const COMPRESSED_LIMIT_BYTES = 64_000;

const require = createRequire(import.meta.url);

export interface ExtensionTarget {
  target: string;
  module: string;
}

export interface ExtensionConfig {
  directory: string;
  handle: string;
  apiVersion: string;
  targets: ExtensionTarget[];
}

export interface ExtensionReport {
  handle: string;
  targets: string[];
  apiVersion: string;
  minifiedBytes: number | null;
  compressedBytes: number | null;
  /** Empty when the extension builds, is within the limit and matches the installed API types. */
  problems: string[];
}

/**
 * The keys this check needs from shopify.extension.toml: the top-level
 * api_version, the extension's handle, and each [[extensions.targeting]]'s
 * module and target. Only double-quoted string values are read.
 */
export function readExtensionConfig(directory: string): ExtensionConfig {
  const file = path.join(directory, "shopify.extension.toml");
  const config: ExtensionConfig = { directory, handle: path.basename(directory), apiVersion: "", targets: [] };
  let section = "";
  let targeting: Partial<ExtensionTarget> | null = null;
  for (const raw of fs.readFileSync(file, "utf8").split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?$/.exec(line);
    if (header) {
      section = header[1]!;
      if (section === "extensions.targeting") {
        targeting = {};
        config.targets.push(targeting as ExtensionTarget);
      }
      continue;
    }
    const pair = /^([A-Za-z0-9_-]+)\s*=\s*"([^"]*)"/.exec(line);
    if (!pair) continue;
    const [, key, value] = pair as unknown as [string, string, string];
    if (section === "" && key === "api_version") config.apiVersion = value;
    else if (section === "extensions" && key === "handle") config.handle = value;
    else if (section === "extensions.targeting" && targeting && (key === "module" || key === "target")) targeting[key] = value;
  }
  const incomplete = config.targets.filter((t) => !t.module || !t.target);
  if (config.apiVersion === "") throw new Error(`${file}: no api_version`);
  if (config.targets.length === 0) throw new Error(`${file}: no [[extensions.targeting]] with a module and a target`);
  if (incomplete.length > 0) throw new Error(`${file}: every [[extensions.targeting]] needs both a module and a target`);
  return config;
}

/** The extension directories under `root`: every folder with a shopify.extension.toml. */
export function findExtensions(root: string): string[] {
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(root, entry.name, "shopify.extension.toml")))
    .map((entry) => path.join(root, entry.name))
    .sort();
}

/** "2026.7.4" -> "2026-07": the API version a @shopify/ui-extensions release carries the types of. */
export function apiVersionOfPackage(version: string): string {
  const [year, month] = version.split(".");
  return `${year}-${month!.padStart(2, "0")}`;
}

/** The version of @shopify/ui-extensions the extension in `directory` is built with. */
export function installedUiExtensionsVersion(directory: string): string {
  // The package does not export its package.json; its entry sits beside it.
  const root = path.dirname(require.resolve("@shopify/ui-extensions", { paths: [directory] }));
  return (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string }).version;
}

function targetIsKnown(target: string, directory: string): boolean {
  try {
    require.resolve(`@shopify/ui-extensions/${target}`, { paths: [directory] });
    return true;
  } catch {
    return false;
  }
}

/**
 * The CLI's entry for Remote DOM extensions: each target's module's default
 * export registered with `shopify.extend`, bundled as one minified ESM file
 * with Preact's automatic JSX runtime.
 */
export async function bundleExtension(config: ExtensionConfig): Promise<esbuild.BuildResult<{ write: false; metafile: true }>> {
  const contents = config.targets
    .map(
      ({ target, module }, i) =>
        `import Target_${i} from ${JSON.stringify(module)};shopify.extend(${JSON.stringify(target)}, (...args) => Target_${i}(...args));`,
    )
    .join("\n");
  return esbuild.build({
    stdin: { contents, resolveDir: config.directory, loader: "tsx", sourcefile: "extension-entry.tsx" },
    bundle: true,
    write: false,
    metafile: true,
    format: "esm",
    minify: true,
    target: "es6",
    jsx: "automatic",
    jsxImportSource: "preact",
    legalComments: "none",
    define: { "process.env.NODE_ENV": JSON.stringify("production") },
    resolveExtensions: [".tsx", ".ts", ".js", ".json", ".mjs"],
    logLevel: "silent",
  });
}

export async function checkExtension(
  directory: string,
  installedVersion = installedUiExtensionsVersion(directory),
): Promise<ExtensionReport> {
  let config: ExtensionConfig;
  try {
    config = readExtensionConfig(directory);
  } catch (error) {
    const problem = (error as Error).message;
    return {
      handle: path.basename(directory),
      targets: [],
      apiVersion: "-",
      minifiedBytes: null,
      compressedBytes: null,
      problems: [problem],
    };
  }
  const report: ExtensionReport = {
    handle: config.handle,
    targets: config.targets.map((t) => t.target),
    apiVersion: config.apiVersion,
    minifiedBytes: null,
    compressedBytes: null,
    problems: [],
  };
  const typesVersion = apiVersionOfPackage(installedVersion);
  if (config.apiVersion !== typesVersion) {
    report.problems.push(
      `api_version is ${config.apiVersion}, but @shopify/ui-extensions ${installedVersion} (the ${typesVersion} types) is installed`,
    );
  }
  for (const target of report.targets) {
    if (!targetIsKnown(target, directory)) report.problems.push(`${target} is not a target of @shopify/ui-extensions ${installedVersion}`);
  }

  let result: Awaited<ReturnType<typeof bundleExtension>>;
  try {
    result = await bundleExtension(config);
  } catch (error) {
    const errors = (error as esbuild.BuildFailure).errors ?? [];
    const messages = errors.length > 0 ? esbuild.formatMessagesSync(errors, { kind: "error", color: false }) : [String(error)];
    report.problems.push(`does not build:\n${messages.join("").trim()}`);
    return report;
  }

  // The package is types only: the host provides the components and the `shopify` global.
  const runtimeImports = Object.keys(result.metafile.inputs).filter((input) => input.includes("node_modules/@shopify/ui-extensions/"));
  if (runtimeImports.length > 0) {
    report.problems.push(`bundles @shopify/ui-extensions code (${runtimeImports.join(", ")}); import it for its types only`);
  }

  const output = result.outputFiles[0]!.contents;
  report.minifiedBytes = output.byteLength;
  report.compressedBytes = zlib.gzipSync(output).byteLength;
  if (report.compressedBytes > COMPRESSED_LIMIT_BYTES) {
    report.problems.push(
      `is ${formatKilobytes(report.compressedBytes)} compressed, over Shopify's limit of ${formatKilobytes(COMPRESSED_LIMIT_BYTES)}`,
    );
  }
  return report;
}

export function formatKilobytes(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} KB`;
}
