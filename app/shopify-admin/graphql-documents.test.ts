// Every Admin GraphQL document in the code, found by reading the sources, is
// valid against the pinned schema and uses nothing Shopify has deprecated,
// except productCreateMedia behind its one module. Documents are found by
// what they are (a string or template that parses as a GraphQL operation),
// not by a tag or a list, so a new document cannot slip past this test.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Kind, NoDeprecatedCustomRule, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema } from "graphql";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { ASSEMBLED_DOCUMENTS } from "../../graphql.config";
import { ADMIN_OPERATIONS } from "./operations";
import { loadAdminSchema } from "./schema.server";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
/** Everything that sends Admin API documents: the app, its extensions, the sandbox and the benchmarks. */
const SOURCE_DIRS = ["app", "extensions", "dev/sandbox", "bench"];
/** The one deprecated mutation the product's card asks for, and the one module allowed to name it. */
const ALLOWED_DEPRECATION = {
  file: "app/publishing/attach-media.server.ts",
  message: "The field Mutation.productCreateMedia is deprecated. Use `productUpdate` or `productSet` instead.",
};

interface FoundDocument {
  file: string;
  line: number;
  document: DocumentNode;
}

let schema: GraphQLSchema;
let found: FoundDocument[];
beforeAll(() => {
  schema = loadAdminSchema();
  found = SOURCE_DIRS.flatMap((dir) => documentsIn(path.join(ROOT, dir)));
});

const where = (d: FoundDocument) => `${path.relative(ROOT, d.file)}:${d.line}`;
const nameOf = (d: FoundDocument) => d.document.definitions.find((def) => def.kind === Kind.OPERATION_DEFINITION)?.name?.value;

describe("every Admin GraphQL document in the code", () => {
  it("is found: each operation of operations.ts and each module known to send documents", () => {
    const names = found.map(nameOf);
    for (const name of Object.keys(ADMIN_OPERATIONS)) expect(names).toContain(name);
    const files = new Set(found.map((d) => path.relative(ROOT, d.file)));
    for (const file of [
      "app/billing/operations.ts",
      "app/catalog/bulk-read.server.ts",
      "app/catalog/collections.server.ts",
      "app/catalog/product-photo.server.ts",
      "app/catalog/products.server.ts",
      "app/catalog/sku-match.server.ts",
      "app/publishing/attach-media.server.ts",
      "app/shopify-admin/operations.ts",
    ]) {
      expect(files).toContain(file);
    }
  });

  it("is valid against the pinned 2026-10 schema", () => {
    const invalid = found.flatMap((d) => validate(schema, d.document).map((e) => `${where(d)}: ${e.message}`));
    expect(invalid).toEqual([]);
  });

  it("uses nothing deprecated in 2026-10, except productCreateMedia in its one module", () => {
    const deprecated = found.flatMap((d) =>
      validate(schema, d.document, [NoDeprecatedCustomRule])
        .filter((e) => !(path.relative(ROOT, d.file) === ALLOWED_DEPRECATION.file && e.message === ALLOWED_DEPRECATION.message))
        .map((e) => `${where(d)}: ${e.message}`),
    );
    expect(deprecated).toEqual([]);
    const usingCreateMedia = found.filter((d) =>
      validate(schema, d.document, [NoDeprecatedCustomRule]).some((e) => e.message === ALLOWED_DEPRECATION.message),
    );
    expect(usingCreateMedia.map((d) => path.relative(ROOT, d.file))).toEqual([ALLOWED_DEPRECATION.file]);
  });

  it("is one named operation, and no two documents share a name (the emulator and the logs count by name)", () => {
    const unnamed = found.filter((d) => d.document.definitions.length !== 1 || !nameOf(d)).map(where);
    expect(unnamed).toEqual([]);
    const byName = new Map<string, string[]>();
    for (const d of found) byName.set(nameOf(d)!, [...(byName.get(nameOf(d)!) ?? []), where(d)]);
    expect([...byName.values()].filter((places) => places.length > 1)).toEqual([]);
  });
});

describe("the generated result types", () => {
  const generated = () => fs.readFileSync(path.join(ROOT, "app/shopify-admin/generated/admin.generated.d.ts"), "utf8");
  const assembled = ASSEMBLED_DOCUMENTS.map((file) => path.normalize(file));

  it("cover every document (codegen reads only whole `#graphql` literals), apart from the files graphql.config.ts names", () => {
    const types = generated();
    const untyped = found
      .filter((d) => !assembled.includes(path.relative(ROOT, d.file)))
      .filter((d) => !new RegExp(`export type ${nameOf(d)}(Query|Mutation) = `).test(types))
      .map((d) => `${where(d)}: ${nameOf(d)}`);
    expect(untyped).toEqual([]);
  });

  it("name only files that still send a document", () => {
    const sending = new Set(found.map((d) => path.relative(ROOT, d.file)));
    expect(assembled.filter((file) => !sending.has(file))).toEqual([]);
  });
});

describe("the search for documents", () => {
  it("finds a document however it is written, and the checks refuse what Shopify deprecated or does not have", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "documents-"));
    try {
      fs.writeFileSync(
        path.join(dir, "reads.server.ts"),
        [
          "const FIELDS = `id featuredImage { url }`;",
          "export const UNTAGGED = `query Untagged($id: ID!) { product(id: $id) { ${FIELDS} } }`;",
          'export const PLAIN = "mutation Plain { productDeleteMedia(productId: \\"gid://shopify/Product/1\\", mediaIds: []) { deletedMediaIds } }";',
          'export const NOT_GRAPHQL = `{"not": "graphql"}`;',
          "export const PROSE = `query the shop for its name`;",
        ].join("\n"),
      );
      const documents = documentsIn(dir);
      expect(documents.map(nameOf)).toEqual(["Untagged", "Plain"]);
      expect(documents.map((d) => validate(schema, d.document, [...specifiedRules, NoDeprecatedCustomRule]).map((e) => e.message))).toEqual(
        [
          ["The field Product.featuredImage is deprecated. Use `featuredMedia` instead."],
          ["The field Mutation.productDeleteMedia is deprecated. Use `fileUpdate` instead."],
        ],
      );

      fs.writeFileSync(
        path.join(dir, "imported.server.ts"),
        'import { FIELDS } from "./fields";\nexport const Q = `query Imported { shop { ${FIELDS} } }`;',
      );
      expect(() => documentsIn(dir)).toThrow(/imported\.server\.ts:2: a GraphQL document interpolates FIELDS/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * String and template literals in every .ts/.tsx/.js/.jsx source under dir
 * (tests, declarations and node_modules left out) that parse as a GraphQL
 * document with an operation. `${NAME}` is filled in from a constant string
 * of the same file (a shared field list); any other interpolation inside
 * something that reads like a document fails the search.
 */
function documentsIn(dir: string): FoundDocument[] {
  const documents: FoundDocument[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (
      !entry.isFile() ||
      !/\.[jt]sx?$/.test(entry.name) ||
      /\.(test|d)\.[jt]sx?$/.test(entry.name) ||
      file.includes(`${path.sep}node_modules${path.sep}`)
    )
      continue;
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const constants = new Map<string, string>();
    source.forEachChild(function collect(node) {
      if (
        ts.isVariableDeclaration(node) &&
        ts.isIdentifier(node.name) &&
        node.initializer &&
        (ts.isNoSubstitutionTemplateLiteral(node.initializer) || ts.isStringLiteral(node.initializer))
      ) {
        constants.set(node.name.text, node.initializer.text);
      }
      node.forEachChild(collect);
    });
    const line = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    const visit = (node: ts.Node): void => {
      let text: string | null = null;
      if (ts.isNoSubstitutionTemplateLiteral(node) || ts.isStringLiteral(node)) text = node.text;
      else if (ts.isTemplateExpression(node)) {
        const looksLikeDocument = /^\s*(#graphql|(query|mutation|subscription|fragment)\b|\{)/.test(node.head.text);
        text = node.head.text;
        for (const span of node.templateSpans) {
          const value = ts.isIdentifier(span.expression) ? constants.get(span.expression.text) : undefined;
          if (value === undefined) {
            if (looksLikeDocument)
              throw new Error(
                `${path.relative(dir, file)}:${line(node)}: a GraphQL document interpolates ${span.expression.getText()}, which is not a constant of the same file; the schema checks cannot read it`,
              );
            text = null;
            break;
          }
          text += value + span.literal.text;
        }
      }
      const document = text === null ? null : asDocument(text);
      if (document) documents.push({ file, line: line(node), document });
      node.forEachChild(visit);
    };
    visit(source);
  }
  return documents;
}

function asDocument(text: string): DocumentNode | null {
  if (!/^\s*(#[^\n]*\n\s*)*(query|mutation|subscription|fragment|\{)/.test(text)) return null;
  try {
    const document = parse(text);
    return document.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION) ? document : null;
  } catch {
    return null;
  }
}
