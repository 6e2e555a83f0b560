// What the admin action extensions and their backend routes say to each other.
// Type-only and free of server imports: the extensions (extensions/shared/)
// import it too, so both sides are checked against one contract.

export type ApiErrorCode =
  | "invalid_input"
  | "not_found"
  | "method_not_allowed"
  | "refused"
  // Billing holds new videos: the plan is not approved (free clips used) or the monthly limit is reached.
  | "billing_required"
  | "shop_access_lost"
  | "shopify_unavailable"
  | "server_error"
  // Said by the extension itself, never by the server: the session token was
  // refused (401 with no body), or the app could not be reached at all.
  | "session_expired"
  | "unreachable";

/** A page of the app that resolves a refusal; extensions cannot redirect, they link (`app:` + path). */
export interface AppLink {
  label: string;
  /** The page's path in the app, e.g. "/app/billing". */
  appPath: string;
}

export interface ApiError {
  code: ApiErrorCode;
  /** Plain language, shown to the merchant as is. */
  message: string;
  link?: AppLink;
}

export type ApiFailure = { ok: false; error: ApiError };
export type ApiResult<T> = ({ ok: true } & T) | ApiFailure;

export type AspectRatio = "16:9" | "1:1" | "9:16";

export interface RenderOptionsInput {
  prompt: string;
  model: string;
  duration: number;
  aspectRatio: AspectRatio;
}

/** Everything the form needs to prefill itself and price a request without asking again. */
export interface FormOptions {
  defaults: RenderOptionsInput;
  /** The shop's prompt template for each shape (product page wide, square, social vertical). */
  promptByAspectRatio: Record<AspectRatio, string>;
  models: { id: string; label: string }[];
  durations: number[];
  aspectRatios: { value: AspectRatio; label: string }[];
  /** Credits one video costs, by model id and then duration in seconds. */
  creditsPerVideo: Record<string, Record<string, number>>;
  budget: { monthlyCredits: number; usedThisMonth: number };
  /** Off: each clip waits for the merchant's approval in the app before it goes live. */
  autoPublish: boolean;
  /** Set when billing holds new videos: shown before the merchant fills the form, and the request is refused. */
  billingHold: { message: string; link: AppLink } | null;
}

export type JobTone = "info" | "attention" | "success" | "critical" | null;

export interface JobView {
  id: string;
  productId: string;
  productTitle: string;
  status: string;
  /** The status in the merchant's words ("Rendering", "Live on the product page"). */
  statusLabel: string;
  tone: JobTone;
  /** What is happening and what to do, in a sentence. */
  detail: string;
  finished: boolean;
}

export interface ProductSummary {
  id: string;
  title: string;
  /** The photo the video starts from; null when the product has none. */
  imageUrl: string | null;
}

export interface ProductActionData {
  product: ProductSummary;
  /** The product already shows a video this app published. */
  hasAppClip: boolean;
  /** The most recent video job for this product, if any. */
  latestJob: JobView | null;
  form: FormOptions;
}

export interface FormOptionsData {
  form: FormOptions;
}

export interface CollectionActionData {
  collection: { id: string; title: string; productsCount: number; countIsExact: boolean };
  form: FormOptions;
}

export interface SkippedProduct {
  productId: string;
  title: string;
  reason: string;
}

export interface BatchCreatedData {
  batch: { id: string; title: string };
  /** New video jobs. */
  created: number;
  /** Products whose identical video already exists or is on its way: not made again. */
  reused: number;
  skipped: { count: number; examples: SkippedProduct[] };
  estimatedCredits: number;
  /** One entry per requested product (product and bulk actions only), to follow each job. */
  jobs: { productId: string; jobId: string }[];
  /** A big collection is read from the store in the background: its jobs come when that is done. */
  preparing?: { productCount: number; message: string };
}

export interface JobStatusData {
  job: JobView;
}

export interface BatchProgress {
  id: string;
  title: string;
  jobCount: number;
  counts: { status: string; label: string; count: number }[];
  /** Jobs that reached a final status (live, failed, rejected, cancelled). */
  finished: number;
  published: number;
  failed: number;
  creditsSoFar: number;
  estimatedCredits: number;
  /** Why the app stopped sending this batch (e.g. the monthly budget), in plain words. */
  stoppedReason: string | null;
}

export interface BatchStatusData {
  batch: BatchProgress;
}

/** The most products one product-list request may carry (two Admin API `nodes` calls). */
export const MAX_SELECTED_PRODUCTS = 250;
