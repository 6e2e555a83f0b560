// The browser tab's title of every page, in one place: "Review clips ·
// Catalog Motion". A page names itself by its route; a batch or a video names
// itself from its loader's data when the data carries a title.

const APP_NAME = "Catalog Motion";

const PAGE_TITLES: Record<string, string> = {
  "routes/app._index": "Home",
  "routes/app.generate": "Generate videos",
  "routes/app.import": "Import CSV",
  "routes/app.review": "Review clips",
  "routes/app.settings": "Settings",
  "routes/app.batches._index": "Batches",
  "routes/app.batches.$batchId": "Batch",
  "routes/app.jobs.$jobId": "Video",
  "routes/app.billing": "Billing",
  "routes/app.$": "Page not found",
  "routes/auth.login": "Log in",
};

interface TitledMatch {
  id: string;
  data?: unknown;
}

/** A title the page's data carries: a batch's or a video's product. */
function titleFromData(data: unknown): string | null {
  if (!data || typeof data !== "object") return null;
  const record = data as Record<string, unknown>;
  const batch = record.batch as { title?: unknown } | undefined;
  if (batch && typeof batch.title === "string" && batch.title) return batch.title;
  const job = record.job as { productTitle?: unknown } | undefined;
  if (job && typeof job.productTitle === "string" && job.productTitle) return job.productTitle;
  return null;
}

/** The deepest page that has a name gives the title; an error replaces it with a plain one. */
export function documentTitle(matches: TitledMatch[], failure: "not-found" | "error" | null): string {
  if (failure === "not-found") return `Page not found · ${APP_NAME}`;
  if (failure === "error") return `Something went wrong · ${APP_NAME}`;
  for (const match of [...matches].reverse()) {
    const page = PAGE_TITLES[match.id];
    if (!page) continue;
    const own = titleFromData(match.data);
    return own ? `${own} · ${page} · ${APP_NAME}` : `${page} · ${APP_NAME}`;
  }
  return APP_NAME;
}
