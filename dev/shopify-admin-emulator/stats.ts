// What the emulator saw, for tests and benchmarks to assert on.

export interface AdminEmulatorStats {
  /** GraphQL requests received, including refused ones. */
  requests: number;
  /** By operation name ("anonymous" for unnamed documents). */
  operations: Record<string, number>;
  /** Points charged (actualQueryCost) by operation name: what each step of the app costs the shop's bucket. */
  pointsByOperation: Record<string, number>;
  /** Answers with a THROTTLED error: the shop's cost bucket could not cover the query. */
  throttled: number;
  injected429: number;
  injected5xx: number;
  /** Requests refused for a missing or wrong access token. */
  unauthorized: number;
  /** Documents refused by parsing, schema validation, variables or static cost checks. */
  invalid: number;
  stagedUploadsCreated: number;
  uploadsStored: number;
  uploadsRejected: number;
  /** Media created by productCreateMedia, per product gid: more than one clip per product shows a double publish. */
  mediaCreated: Record<string, number>;
  /** Files fileUpdate took off a product (they stay in the shop's Files). */
  mediaDetached: number;
  /** Files fileDelete removed from the shop. */
  mediaDeleted: number;
}

export function createStats(): AdminEmulatorStats {
  return {
    requests: 0,
    operations: {},
    pointsByOperation: {},
    throttled: 0,
    injected429: 0,
    injected5xx: 0,
    unauthorized: 0,
    invalid: 0,
    stagedUploadsCreated: 0,
    uploadsStored: 0,
    uploadsRejected: 0,
    mediaCreated: {},
    mediaDetached: 0,
    mediaDeleted: 0,
  };
}
