// No import cycle between app/'s capability folders: a folder that imports
// another never gets imported back by it, directly or around a loop, so each
// one can be read (and owned) on top of the ones below it. ESLint's
// import-x/no-cycle catches cycles between modules; this catches the wider
// ones between folders. Type-only imports are left out: they vanish from the
// built code, as they do for import-x.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const APP = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "app");

/** The value imports of one source file, as written. */
function valueImports(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(
    fileName,
    source,
    ts.ScriptTarget.Latest,
    false,
    fileName.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (!clause.name &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((element) => element.isTypeOnly)));
      if (!typeOnly) found.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) && !node.isTypeOnly) {
      found.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** The folder of app/ a path is in, or null for app/'s own top-level files and anything outside. */
function folderOf(root: string, file: string): string | null {
  const parts = path.relative(root, file).split(path.sep);
  return parts.length > 1 && parts[0] !== ".." ? parts[0] : null;
}

type Edges = Map<string, Map<string, string>>;

/** Folder -> folder it imports -> one import that shows it ("file: specifier"). */
function folderEdges(root: string, sources: Map<string, string>): Edges {
  const edges: Edges = new Map();
  for (const [file, source] of sources) {
    const from = folderOf(root, file);
    if (!from) continue;
    for (const specifier of valueImports(file, source)) {
      let target: string;
      if (specifier.startsWith("~/")) target = path.join(root, specifier.slice(2));
      else if (specifier.startsWith(".")) target = path.resolve(path.dirname(file), specifier);
      else continue;
      const to = folderOf(root, target);
      if (!to || to === from) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      const out = edges.get(from)!;
      if (!out.has(to)) out.set(to, `${path.relative(root, file)}: ${specifier}`);
    }
  }
  return edges;
}

/** Every cycle found by a depth-first walk, each as its imports in order. */
function folderCycles(edges: Edges): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const walk = (folder: string, trail: string[]) => {
    const at = trail.indexOf(folder);
    if (at >= 0) {
      const loop = [...trail.slice(at), folder];
      cycles.push(loop.slice(1).map((to, i) => `${loop[i]} -> ${to} (${edges.get(loop[i])!.get(to)})`));
      return;
    }
    if (done.has(folder)) return;
    for (const to of edges.get(folder)?.keys() ?? []) walk(to, [...trail, folder]);
    done.add(folder);
  };
  for (const folder of [...edges.keys()].sort()) walk(folder, []);
  return cycles;
}

function appSources(): Map<string, string> {
  const sources = new Map<string, string>();
  for (const entry of fs.readdirSync(APP, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    sources.set(file, fs.readFileSync(file, "utf8"));
  }
  return sources;
}

describe("app/ folders", () => {
  it("finds a cycle around three folders, and ignores type-only imports and imports inside a folder", () => {
    const root = "/repo/app";
    const sources = new Map([
      ["/repo/app/jobs/status.ts", 'import { render } from "~/pipeline/render";\nimport "./other";'],
      ["/repo/app/pipeline/render.ts", 'export { publish } from "../publishing/publish";'],
      ["/repo/app/publishing/publish.ts", 'const status = await import("~/jobs/status");'],
      ["/repo/app/billing/charge.ts", 'import type { Job } from "~/jobs/status";\nimport { type Clip } from "~/publishing/publish";'],
      ["/repo/app/jobs/other.ts", 'import { charge } from "~/billing/charge";'],
    ]);
    const cycles = folderCycles(folderEdges(root, sources));
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toEqual([
      "jobs -> pipeline (jobs/status.ts: ~/pipeline/render)",
      "pipeline -> publishing (pipeline/render.ts: ../publishing/publish)",
      "publishing -> jobs (publishing/publish.ts: ~/jobs/status)",
    ]);
  });

  it("import each other without a cycle", () => {
    const sources = appSources();
    expect(sources.size).toBeGreaterThan(100);
    expect(folderCycles(folderEdges(APP, sources))).toEqual([]);
  });
});
