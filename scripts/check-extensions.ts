// `npm run extensions:check`: type-checks the admin extensions against the
// installed @shopify/ui-extensions types (extensions/tsconfig.json), bundles
// each one as `shopify app build` would, and prints their compressed sizes.
// Exits non-zero when an extension does not type-check, does not build, is
// over Shopify's size limit or declares an API version its types are not for.
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { COMPRESSED_LIMIT_BYTES, checkExtension, findExtensions, formatKilobytes, type ExtensionReport } from "./extension-bundle";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const extensionsRoot = path.join(root, "extensions");

function typeErrors(tsconfig: string): string {
  const host: ts.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" };
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!parsed) return `${tsconfig} could not be read`;
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, projectReferences: parsed.projectReferences });
  const diagnostics = [...parsed.errors, ...ts.getPreEmitDiagnostics(program)];
  return ts.formatDiagnostics(diagnostics, host);
}

function table(reports: ExtensionReport[]): string {
  const rows = [
    ["extension", "target", "api_version", "minified", "compressed", "limit", ""],
    ...reports.map((r) => [
      r.handle,
      r.targets.join(", "),
      r.apiVersion,
      r.minifiedBytes === null ? "-" : formatKilobytes(r.minifiedBytes),
      r.compressedBytes === null ? "-" : formatKilobytes(r.compressedBytes),
      formatKilobytes(COMPRESSED_LIMIT_BYTES),
      r.problems.length === 0 ? "ok" : "FAILED",
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

const typeCheck = typeErrors(path.join(extensionsRoot, "tsconfig.json"));
if (typeCheck) console.error(`The extensions do not type-check:\n${typeCheck}`);
else console.log("The extensions type-check against @shopify/ui-extensions.");

const reports: ExtensionReport[] = [];
for (const directory of findExtensions(extensionsRoot)) reports.push(await checkExtension(directory));
console.log(`\n${table(reports)}\n`);
for (const report of reports) {
  for (const problem of report.problems) console.error(`${report.handle} ${problem}`);
}

const failed = reports.filter((r) => r.problems.length > 0).length + (typeCheck ? 1 : 0);
if (reports.length === 0) {
  console.error(`No extension found under ${extensionsRoot}.`);
  process.exitCode = 1;
} else if (failed > 0) {
  process.exitCode = 1;
}
