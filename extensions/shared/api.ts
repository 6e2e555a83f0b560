// Calls from an admin extension to the Catalog Motion backend. The extension's
// global fetch resolves relative URLs against the app's app_url and adds
// Shopify's ID token (the session token the backend's authenticate.admin
// checks) as the Authorization header, so nothing here handles tokens. Every
// outcome is an ApiResult: the server's typed JSON, or a plain-language
// failure of our own.
import type {
  ApiFailure,
  ApiResult,
  BatchCreatedData,
  BatchStatusData,
  CollectionActionData,
  FormOptionsData,
  JobStatusData,
  ProductActionData,
  RenderOptionsInput,
} from "../../app/extension-actions/api-types";

function failure(code: ApiFailure["error"]["code"], message: string): ApiFailure {
  return { ok: false, error: { code, message } };
}

async function callApp<T extends object>(path: string, body?: unknown): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(
      path,
      body === undefined
        ? { method: "GET" }
        : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) },
    );
  } catch {
    return failure("unreachable", "Catalog Motion could not be reached. Check your connection, then try again.");
  }
  if (response.status === 401) {
    return failure("session_expired", "Your session with Catalog Motion expired. Close this window and open it again.");
  }
  try {
    const data = (await response.json()) as ApiResult<T>;
    if (typeof data === "object" && data !== null && typeof data.ok === "boolean") return data;
  } catch {
    // Not our JSON (a proxy's error page, an empty body): answered below.
  }
  return failure("server_error", `Catalog Motion answered unexpectedly (HTTP ${response.status}). Try again in a minute.`);
}

/** "gid://shopify/Product/123" -> "123", for a URL segment. */
export function numericId(gid: string): string {
  return gid.slice(gid.lastIndexOf("/") + 1);
}

export const api = {
  form: () => callApp<FormOptionsData>("/api/extension/form"),
  product: (productId: string) => callApp<ProductActionData>(`/api/extension/products/${numericId(productId)}`),
  collection: (collectionId: string) => callApp<CollectionActionData>(`/api/extension/collections/${numericId(collectionId)}`),
  generate: (productIds: string[], source: "product-action" | "bulk-action", options: RenderOptionsInput) =>
    callApp<BatchCreatedData>("/api/extension/generate", { productIds, source, options }),
  generateForCollection: (collectionId: string, options: RenderOptionsInput) =>
    callApp<BatchCreatedData>("/api/extension/collection-generate", { collectionId, options }),
  job: (jobId: string) => callApp<JobStatusData>(`/api/extension/jobs/${encodeURIComponent(jobId)}`),
  batch: (batchId: string) => callApp<BatchStatusData>(`/api/extension/batches/${encodeURIComponent(batchId)}`),
};
