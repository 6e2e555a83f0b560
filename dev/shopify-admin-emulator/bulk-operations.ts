// Bulk query operations as Shopify runs them (shopify.dev, "Perform bulk
// operations with the GraphQL Admin API"): bulkOperationRunQuery checks the
// query (one query operation, at least one connection, at most five, nested
// at most two levels) and answers at once with a CREATED operation; it then
// runs (RUNNING), executes the query on the real schema with no page limits,
// and writes a JSONL file: one line per node, the nodes of a nested
// connection on lines of their own carrying `__parentId`. Since 2026-10
// `groupObjects` defaults to false, and Shopify then no longer puts a child
// right after its parent: here every parent line comes first and the
// children after, so an app that relies on the grouped order fails here as
// it would on Shopify. With `groupObjects: true` each child follows its
// parent. `currentBulkOperation` is deprecated in 2026-10 (in favour of
// `bulkOperations` with a status filter); the app reads `bulkOperation(id:)`.
// The file is served
// at a signed URL that expires (seven days on Shopify; a fault can shorten
// it), after which the operation reads EXPIRED. Like Cloud Storage it
// answers a `Range: bytes=N-` request with 206 and the rest of the file, so
// a broken download can resume; a fault cuts every download after so many
// bytes. On finishing, COMPLETED,
// FAILED (with errorCode) or CANCELED, the app's bulk_operations/finish
// webhook is sent, HMAC-signed with the app's secret as Shopify signs it.
// From 2026-01 an app may run five bulk query operations per shop at once
// (LIMIT_REACHED past that); before, one (OPERATION_IN_PROGRESS).
import crypto from "node:crypto";
import fs from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import {
  GraphQLError,
  getNamedType,
  Kind,
  parse,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
} from "graphql";
import { z } from "zod";
import { ADMIN_API_VERSION } from "../../app/shopify-admin/schema.server";
import { sendJson } from "../shared/http-io";
import type { RequestContext } from "./context";
import { gid } from "./ids";

export const BULK_RESULTS_PATH = "/bulk-results/";
const SEVEN_DAYS_MS = 7 * 24 * 3_600_000;

export const bulkFaultsSchema = z
  .object({
    /** The next operations end FAILED with this errorCode instead of completing. */
    failWith: z.enum(["ACCESS_DENIED", "INTERNAL_SERVER_ERROR", "TIMEOUT"]).nullable(),
    /** How long a result URL stays valid (Shopify: seven days). 0 makes it expire at once. */
    urlLifetimeMs: z.number().min(0),
    /** The finish webhook is never sent (the app must poll). */
    dropFinishWebhook: z.boolean(),
    /** Every download of a result file breaks (the connection drops) after this many bytes of it; null: none does. */
    cutDownloadsAfterBytes: z.number().int().positive().nullable(),
  })
  .strict();
export type BulkFaults = z.infer<typeof bulkFaultsSchema>;
const NO_BULK_FAULTS: BulkFaults = { failWith: null, urlLifetimeMs: SEVEN_DAYS_MS, dropFinishWebhook: false, cutDownloadsAfterBytes: null };

export interface BulkOperationsOptions {
  schema: GraphQLSchema;
  directory: string;
  /** Where the finish webhook goes (the app's /webhooks/bulk_operations/finish); none when unset. */
  finishWebhookUrl?: string;
  /** The app's secret that signs the webhook. */
  apiSecret?: string;
  /** Concurrent bulk query operations per shop: 5 from 2026-01, 1 before. */
  maxRunningPerShop?: number;
  /** How long an operation stays CREATED, then RUNNING before its file is written. */
  timing?: { createdMs?: number; runningMs?: number };
  /** Runs the query's document with the emulator's resolvers (execution.ts). */
  execute(document: DocumentNode, ctx: RequestContext): Promise<{ data?: unknown; errors?: readonly GraphQLError[] }>;
  sleep(ms: number): Promise<void>;
}

type Status = "CREATED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELING" | "CANCELED";

interface BulkOperationRecord {
  id: number;
  shop: string;
  query: string;
  groupObjects: boolean;
  status: Status;
  errorCode: string | null;
  createdAt: number;
  completedAt: number | null;
  objectCount: number;
  rootObjectCount: number;
  fileSize: number | null;
  file: string | null;
  urlExpiresAt: number | null;
  signature: string;
}

export interface BulkOperationsStats {
  started: number;
  refused: number;
  webhooksSent: number;
  webhooksFailed: number;
  downloads: number;
  /** Downloads that asked for the rest of a file (Range), to resume a broken one. */
  rangeDownloads: number;
  expiredDownloads: number;
  /** Downloads the cutDownloadsAfterBytes fault broke. */
  cutDownloads: number;
}

export class BulkOperations {
  private readonly records = new Map<number, BulkOperationRecord>();
  private nextId = 1;
  private faults: BulkFaults = { ...NO_BULK_FAULTS };
  readonly stats: BulkOperationsStats = {
    started: 0,
    refused: 0,
    webhooksSent: 0,
    webhooksFailed: 0,
    downloads: 0,
    rangeDownloads: 0,
    expiredDownloads: 0,
    cutDownloads: 0,
  };

  constructor(private readonly options: BulkOperationsOptions) {}

  setFaults(change: Partial<BulkFaults>): BulkFaults {
    this.faults = bulkFaultsSchema.parse({ ...this.faults, ...change });
    return this.faults;
  }

  /** The mutation's answer: the new operation, or userErrors and nothing started. */
  run(ctx: RequestContext, query: string, groupObjects = false) {
    const refuse = (code: string, message: string) => {
      this.stats.refused += 1;
      return { bulkOperation: null, userErrors: [{ field: ["query"], message, code }] };
    };
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      return refuse("INVALID", `Invalid bulk query: ${(error as Error).message}`);
    }
    const problem = validate(this.options.schema, document)[0]?.message ?? bulkQueryProblem(this.options.schema, document);
    if (problem) return refuse("INVALID", `Invalid bulk query: ${problem}`);
    const max = this.options.maxRunningPerShop ?? 5;
    const running = [...this.records.values()].filter((r) => r.shop === ctx.shop.domain && isRunning(r.status)).length;
    if (running >= max) {
      return max === 1
        ? refuse("OPERATION_IN_PROGRESS", `A bulk query operation for this app and shop is already in progress: ${this.lastOf(ctx)?.id}.`)
        : refuse("LIMIT_REACHED", `You can run at most ${max} bulk query operations at a time per shop.`);
    }
    const record: BulkOperationRecord = {
      id: this.nextId++,
      shop: ctx.shop.domain,
      query,
      groupObjects,
      status: "CREATED",
      errorCode: null,
      createdAt: Date.now(),
      completedAt: null,
      objectCount: 0,
      rootObjectCount: 0,
      fileSize: null,
      file: null,
      urlExpiresAt: null,
      signature: crypto.randomBytes(16).toString("hex"),
    };
    this.records.set(record.id, record);
    this.stats.started += 1;
    void this.carryOut(record, document, ctx).catch(() => this.finish(record, "FAILED", "INTERNAL_SERVER_ERROR", ctx));
    return { bulkOperation: this.view(ctx, record), userErrors: [] };
  }

  cancel(ctx: RequestContext, id: string) {
    const record = this.recordOf(ctx, id);
    if (!record) return { bulkOperation: null, userErrors: [{ field: ["id"], message: "Bulk operation does not exist" }] };
    if (!isRunning(record.status)) {
      return {
        bulkOperation: this.view(ctx, record),
        userErrors: [{ field: null, message: `A bulk operation cannot be canceled when it is ${record.status.toLowerCase()}` }],
      };
    }
    record.status = "CANCELING";
    return { bulkOperation: this.view(ctx, record), userErrors: [] };
  }

  /** bulkOperations(query:, sortKey:): 2026-10's replacement for currentBulkOperation; this app's query operations of the shop, oldest first. */
  list(ctx: RequestContext, statuses: string[] | null, sortKey: string | null | undefined) {
    if (sortKey && sortKey !== "CREATED_AT" && sortKey !== "ID") {
      throw new GraphQLError(`The Admin API emulator only sorts bulk operations by CREATED_AT or ID, not ${sortKey}`, {
        extensions: { code: "EMULATOR_UNSUPPORTED_QUERY" },
      });
    }
    const views = [...this.records.values()].filter((r) => r.shop === ctx.shop.domain).map((r) => ({ id: r.id, view: this.view(ctx, r) }));
    return statuses ? views.filter((v) => statuses.includes(v.view.status)) : views;
  }

  byId(ctx: RequestContext, id: string) {
    const record = this.recordOf(ctx, id);
    return record ? this.view(ctx, record) : null;
  }

  current(ctx: RequestContext, type: string | null | undefined) {
    if (type === "MUTATION") return null;
    const record = this.lastOf(ctx);
    return record ? this.view(ctx, record) : null;
  }

  /**
   * GET /bulk-results/<id>.jsonl?expires=…&signature=…: the file while its
   * link holds, GCS's refusal after. `Range: bytes=N-` gets 206 and the file
   * from byte N (416 past its end); any other Range is ignored (200, whole file).
   */
  serve(request: IncomingMessage, response: ServerResponse, url: URL): void {
    const record = this.records.get(Number(/^\/bulk-results\/(\d+)\.jsonl$/.exec(url.pathname)?.[1]));
    if (!record?.file || url.searchParams.get("signature") !== record.signature) {
      sendJson(response, 403, { errors: "AccessDenied" });
      return;
    }
    if (record.urlExpiresAt === null || Date.now() >= record.urlExpiresAt) {
      this.stats.expiredDownloads += 1;
      response.writeHead(400, { "content-type": "application/xml" });
      response.end(
        "<?xml version='1.0' encoding='UTF-8'?><Error><Code>ExpiredToken</Code><Message>The provided token has expired.</Message></Error>",
      );
      return;
    }
    const size = record.fileSize ?? 0;
    const from = Number(/^bytes=(\d+)-$/.exec(request.headers.range ?? "")?.[1] ?? NaN);
    this.stats.downloads += 1;
    if (Number.isInteger(from)) {
      this.stats.rangeDownloads += 1;
      if (from >= size) {
        response.writeHead(416, { "content-range": `bytes */${size}` });
        response.end();
        return;
      }
      response.writeHead(206, {
        "content-type": "application/jsonl",
        "content-length": String(size - from),
        "content-range": `bytes ${from}-${size - 1}/${size}`,
      });
    } else {
      response.writeHead(200, { "content-type": "application/jsonl", "content-length": String(size), "accept-ranges": "bytes" });
    }
    const start = Number.isInteger(from) ? from : 0;
    const cut = this.faults.cutDownloadsAfterBytes;
    // With the fault, the connection drops once `cut` bytes of this answer are out: the client sees its body end early.
    const end = cut !== null && start + cut < size ? start + cut - 1 : size - 1;
    const file = fs.createReadStream(record.file, { start, end });
    file.on("error", () => response.destroy());
    if (end === size - 1) {
      file.pipe(response);
      return;
    }
    file.pipe(response, { end: false });
    file.on("end", () => {
      this.stats.cutDownloads += 1;
      // Once what was written has gone out (writes flush in order), not before.
      response.write("", () => response.socket?.destroy());
    });
  }

  private lastOf(ctx: RequestContext): BulkOperationRecord | undefined {
    let last: BulkOperationRecord | undefined;
    for (const record of this.records.values()) if (record.shop === ctx.shop.domain) last = record;
    return last;
  }

  private recordOf(ctx: RequestContext, id: string): BulkOperationRecord | undefined {
    const match = /^gid:\/\/shopify\/BulkOperation\/(\d+)$/.exec(id);
    const record = match ? this.records.get(Number(match[1])) : undefined;
    return record?.shop === ctx.shop.domain ? record : undefined;
  }

  private async carryOut(record: BulkOperationRecord, document: DocumentNode, ctx: RequestContext): Promise<void> {
    await this.options.sleep(this.options.timing?.createdMs ?? 50);
    if (cancelling(record)) return this.finish(record, "CANCELED", null, ctx);
    record.status = "RUNNING";
    await this.options.sleep(this.options.timing?.runningMs ?? 100);
    if (cancelling(record)) return this.finish(record, "CANCELED", null, ctx);
    if (this.faults.failWith) return this.finish(record, "FAILED", this.faults.failWith, ctx);

    const result = await this.options.execute(document, { ...ctx, now: Date.now() });
    if (result.errors?.length) {
      const denied = result.errors.some((e) => e.extensions?.code === "ACCESS_DENIED");
      return this.finish(record, "FAILED", denied ? "ACCESS_DENIED" : "INTERNAL_SERVER_ERROR", ctx);
    }
    const file = path.join(this.options.directory, `bulk-${record.id}.jsonl`);
    const out = fs.createWriteStream(file);
    let bytes = 0;
    const roots = Object.values((result.data ?? {}) as Record<string, unknown>);
    // Grouped: one pass, each child after its parent. Ungrouped: a pass per nesting level (at most three).
    const levels = record.groupObjects ? [null] : [0, 1, 2];
    for (const level of levels) {
      for (const root of roots) {
        for (const { line, depth } of linesOf(root, null, 0)) {
          if (level !== null && depth !== level) continue;
          if (line.__parentId === undefined) record.rootObjectCount += 1;
          record.objectCount += 1;
          const text = `${JSON.stringify(line)}\n`;
          bytes += Buffer.byteLength(text);
          if (!out.write(text)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
        }
      }
    }
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    record.file = file;
    record.fileSize = bytes;
    if (cancelling(record)) return this.finish(record, "CANCELED", null, ctx);
    record.urlExpiresAt = Date.now() + this.faults.urlLifetimeMs;
    return this.finish(record, "COMPLETED", null, ctx);
  }

  private async finish(record: BulkOperationRecord, status: Status, errorCode: string | null, ctx: RequestContext): Promise<void> {
    record.status = status;
    record.errorCode = errorCode;
    record.completedAt = Date.now();
    if (this.faults.dropFinishWebhook || !this.options.finishWebhookUrl || !this.options.apiSecret) return;
    const body = JSON.stringify({
      admin_graphql_api_id: gid("BulkOperation", record.id),
      completed_at: new Date(record.completedAt).toISOString(),
      created_at: new Date(record.createdAt).toISOString(),
      error_code: errorCode?.toLowerCase() ?? null,
      status: status.toLowerCase(),
      type: "query",
    });
    const headers = {
      "content-type": "application/json",
      "x-shopify-topic": "bulk_operations/finish",
      "x-shopify-hmac-sha256": crypto.createHmac("sha256", this.options.apiSecret).update(body).digest("base64"),
      "x-shopify-shop-domain": ctx.shop.domain,
      "x-shopify-api-version": ADMIN_API_VERSION,
      "x-shopify-webhook-id": crypto.randomUUID(),
      "x-shopify-event-id": crypto.randomUUID(),
      "x-shopify-triggered-at": new Date().toISOString(),
    };
    // Shopify retries a failed delivery; a few quick tries stand in for its schedule.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        const response = await fetch(this.options.finishWebhookUrl, { method: "POST", headers, body, signal: AbortSignal.timeout(5_000) });
        if (response.ok) {
          this.stats.webhooksSent += 1;
          return;
        }
      } catch {
        // Unreachable app: try again.
      }
      await this.options.sleep(200 * (attempt + 1));
    }
    this.stats.webhooksFailed += 1;
  }

  private view(ctx: RequestContext, record: BulkOperationRecord) {
    const expired = record.status === "COMPLETED" && record.urlExpiresAt !== null && Date.now() >= record.urlExpiresAt;
    const url =
      record.status === "COMPLETED" && !expired && record.urlExpiresAt !== null
        ? `${ctx.baseUrl}${BULK_RESULTS_PATH}${record.id}.jsonl?expires=${record.urlExpiresAt}&signature=${record.signature}`
        : null;
    return {
      __typename: "BulkOperation",
      id: gid("BulkOperation", record.id),
      status: expired ? "EXPIRED" : record.status,
      errorCode: record.errorCode,
      createdAt: new Date(record.createdAt).toISOString(),
      completedAt: record.completedAt === null ? null : new Date(record.completedAt).toISOString(),
      objectCount: String(record.objectCount),
      rootObjectCount: String(record.rootObjectCount),
      fileSize: record.fileSize === null ? null : String(record.fileSize),
      query: record.query,
      type: "QUERY",
      url,
      partialDataUrl: null,
    };
  }
}

/** Read afresh: bulkOperationCancel may have changed it while the operation slept. */
function cancelling(record: BulkOperationRecord): boolean {
  return record.status === "CANCELING";
}

function isRunning(status: Status): boolean {
  return status === "CREATED" || status === "RUNNING" || status === "CANCELING";
}

/** Shopify's rules for a bulk query beyond schema validity, as its userErrors word them; null when it may run. */
function bulkQueryProblem(schema: GraphQLSchema, document: DocumentNode): string | null {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1 || operations[0].operation !== "query") return "The document must hold exactly one query.";
  if (operations[0].variableDefinitions?.length) return "Bulk queries cannot take variables.";
  const typeInfo = new TypeInfo(schema);
  let connections = 0;
  let depth = 0;
  let deepest = 0;
  const isConnection = () => getNamedType(typeInfo.getType())?.name.endsWith("Connection") ?? false;
  const entered: boolean[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter() {
          const connection = isConnection();
          entered.push(connection);
          if (connection) {
            connections += 1;
            depth += 1;
            deepest = Math.max(deepest, depth);
          }
        },
        leave() {
          if (entered.pop()) depth -= 1;
        },
      },
    }),
  );
  if (connections === 0) return "Bulk queries must contain at least one connection.";
  if (connections > 5) return "Bulk queries cannot contain more than 5 connections.";
  if (deepest > 2) return "Bulk queries cannot contain connections with a nesting depth greater than 2.";
  return null;
}

function connectionNodes(value: unknown): Record<string, unknown>[] | null {
  if (!value || typeof value !== "object" || Array.isArray(value)) return null;
  const v = value as { nodes?: unknown; edges?: unknown };
  if (Array.isArray(v.nodes)) return v.nodes as Record<string, unknown>[];
  if (Array.isArray(v.edges)) return (v.edges as { node?: Record<string, unknown> }[]).map((e) => e.node ?? {});
  return null;
}

/**
 * A result value as JSONL objects: a connection's nodes one a line, each
 * node's nested connections after it with `__parentId`; a plain object (as
 * `collection(id:)`) emits no line of its own, only its connections' nodes.
 */
function* linesOf(value: unknown, parentId: string | null, depth: number): Generator<{ line: Record<string, unknown>; depth: number }> {
  const nodes = connectionNodes(value);
  if (nodes) {
    for (const node of nodes) yield* nodeLines(node, parentId, depth);
    return;
  }
  if (value && typeof value === "object") {
    for (const field of Object.values(value as Record<string, unknown>)) if (connectionNodes(field)) yield* linesOf(field, parentId, depth);
  }
}

function* nodeLines(
  node: Record<string, unknown>,
  parentId: string | null,
  depth: number,
): Generator<{ line: Record<string, unknown>; depth: number }> {
  const own: Record<string, unknown> = {};
  const nested: unknown[] = [];
  for (const [key, field] of Object.entries(node)) {
    if (connectionNodes(field)) nested.push(field);
    else own[key] = field;
  }
  if (parentId !== null) own.__parentId = parentId;
  yield { line: own, depth };
  const id = typeof node.id === "string" ? node.id : parentId;
  for (const connection of nested) yield* linesOf(connection, id, depth + 1);
}
