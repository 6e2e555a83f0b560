// The browser tab's title of every page, in one place: "Review clips ·
// Catalog Motion". Worked out from the address in the root's meta, because
// Remix gives a parent's meta function only the matches up to itself (not the
// page below it), and one table here beats a meta export in every page.

const APP_NAME = "Catalog Motion";

const PAGE_TITLES: [RegExp, string][] = [
  [/^\/app\/?$/, "Home"],
  [/^\/app\/generate\/?$/, "Generate videos"],
  [/^\/app\/import\/?$/, "Import CSV"],
  [/^\/app\/review\/?$/, "Review clips"],
  [/^\/app\/settings\/?$/, "Settings"],
  [/^\/app\/billing\/?$/, "Billing"],
  [/^\/app\/resume-sending\/?$/, "Resume sending"],
  [/^\/app\/batches\/?$/, "Batches"],
  [/^\/app\/batches\/[^/]+\/?$/, "Batch"],
  [/^\/app\/jobs\/[^/]+\/?$/, "Video"],
  [/^\/auth\/login\/?$/, "Log in"],
];

/** The page's title from its path; an unknown page of the app, or an error, says so. */
export function documentTitle(pathname: string, failure: "not-found" | "error" | null): string {
  if (failure === "error") return `Something went wrong · ${APP_NAME}`;
  const page = PAGE_TITLES.find(([pattern]) => pattern.test(pathname))?.[1];
  if (failure === "not-found" || (!page && pathname.startsWith("/app/"))) return `Page not found · ${APP_NAME}`;
  return page ? `${page} · ${APP_NAME}` : APP_NAME;
}
