// A stored XSS sink, probed: a signed callback carried
// output_url=javascript:alert(document.domain)// and the job and batch pages
// rendered it as the "Watch clip" href. Both callback schemas now refuse any
// address that is not http(s), and the pages render only plain web addresses
// as a link, a video or an image, whatever is already stored. Since clips are
// kept in the app's clip store, a page links and plays only the app's own
// clip links (/clips/<job>/...), never the provider's URL.
import crypto from "node:crypto";
import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import { createElement, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { describe, expect, it } from "vitest";
import { ClipReviewCard } from "~/admin-ui/components/ClipReviewCard";
import { JobsTable, type JobsTableRow } from "~/admin-ui/components/JobsTable";
import { WatchClipLink } from "~/admin-ui/components/WatchClipLink";
import { CreativeAiProvider } from "~/providers/creativeai.server";
import { Json2VideoProvider, newCallbackToken } from "~/providers/json2video.server";

const UNSAFE = [
  "javascript:alert(document.domain)//",
  "JavaScript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "file:///etc/passwd",
  "vbscript:msgbox(1)",
];

describe("callbacks with an output URL that is not a web address", () => {
  const apiKey = "rph_live_example_key";
  const creativeAi = new CreativeAiProvider({ apiKey });
  const json2video = new Json2VideoProvider({ apiKey: "j2v_example_key" });

  it.each(UNSAFE)("CreativeAI: a signed callback with output_url %s is refused as a bad body", (url) => {
    const rawBody = JSON.stringify({ id: "vgen_abc123", status: "completed", output_url: url, credits: 3, failover_used: false });
    const signature = `sha256=${crypto.createHmac("sha256", apiKey).update(rawBody).digest("hex")}`;
    const verdict = creativeAi.verifyCallback({
      rawBody,
      headers: new Headers({ "x-creativeai-signature": signature, "x-creativeai-delivery-id": "vgen_abc123" }),
    });
    expect(verdict).toMatchObject({ ok: false, reason: "bad_body", message: expect.stringContaining("output_url") });
  });

  it.each(UNSAFE)("JSON2Video: a callback with the job's token and url %s is refused as a bad body", (url) => {
    const token = newCallbackToken();
    const rawBody = JSON.stringify({ project: "abc123", status: "done", url, "client-data": { job_reference: "job_1" } });
    const verdict = json2video.verifyCallback({ rawBody, headers: new Headers(), urlToken: token, expectedToken: token });
    expect(verdict).toMatchObject({ ok: false, reason: "bad_body", message: expect.stringContaining("url") });
  });

  it("still accepts the documented https output URLs", () => {
    const rawBody = JSON.stringify({
      id: "vgen_abc123",
      status: "completed",
      output_url: "https://cdn.creativeai.run/output/video-abc123.mp4",
    });
    const signature = `sha256=${crypto.createHmac("sha256", apiKey).update(rawBody).digest("hex")}`;
    expect(creativeAi.verifyCallback({ rawBody, headers: new Headers({ "x-creativeai-signature": signature }) }).ok).toBe(true);
    const token = newCallbackToken();
    const movie = JSON.stringify({ project: "abc123", status: "done", url: "https://assets.json2video.com/clients/xyz/abc123.mp4" });
    expect(json2video.verifyCallback({ rawBody: movie, headers: new Headers(), urlToken: token, expectedToken: token }).ok).toBe(true);
  });
});

/** Server-renders admin UI the way a page is: inside Polaris and a data router (for the action buttons' fetchers). */
async function render(element: ReactNode): Promise<string> {
  const routes = [{ path: "/", element: createElement(AppProvider, { i18n: en }, element) }];
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request("http://app.test/"));
  if (context instanceof Response) throw new Error("the page redirected");
  const router = createStaticRouter(handler.dataRoutes, context);
  return renderToString(createElement(StaticRouterProvider, { router, context }));
}

const STORED_CLIP = "/clips/job-1/clip.mp4?expires=1900000000&signature=abc";
const STORED_POSTER = "/clips/job-1/poster.jpg?expires=1900000000&signature=abc";

function storedJob(overrides: Partial<JobsTableRow>): JobsTableRow {
  return {
    id: "job-1",
    productId: "gid://shopify/Product/1",
    productTitle: "Ceramic mug",
    sku: "MUG-1",
    imageUrl: "https://cdn.example.com/mug.jpg",
    status: "published",
    errorMessage: null,
    outputUrl: "https://cdn.creativeai.run/output/video-abc123.mp4",
    clipUrl: STORED_CLIP,
    posterUrl: STORED_POSTER,
    renderStartedAt: null,
    ...overrides,
  };
}

function batchPage(job: JobsTableRow): Promise<string> {
  return render(
    createElement(JobsTable, {
      jobs: [job],
      serverNow: new Date().toISOString(),
      typicalRenderSeconds: 90,
      embedded: true,
      pagination: { hasNext: false, hasPrevious: false },
      emptyState: null,
    }),
  );
}

function hrefsAndSources(html: string): string[] {
  return [...html.matchAll(/\b(?:href|src|poster)="([^"]*)"/g)].map((m) => m[1].replaceAll("&amp;", "&"));
}

/** Link and media addresses in the page that use the unsafe URL's scheme. */
function withSchemeOf(url: string, html: string): string[] {
  const scheme = `${url.split(":")[0].toLowerCase()}:`;
  return hrefsAndSources(html).filter((v) => v.toLowerCase().startsWith(scheme));
}

describe("stored URLs that are not web addresses are never rendered", () => {
  it.each(UNSAFE)("the batch page's job row renders no link or image for %s", async (url) => {
    const html = await batchPage(storedJob({ outputUrl: url, imageUrl: url, clipUrl: url, posterUrl: url }));
    expect(html).not.toContain("Watch clip");
    expect(withSchemeOf(url, html)).toEqual([]);
    expect(html.toLowerCase()).not.toContain(url.toLowerCase().slice(0, 10));
  });

  it("the batch page links the stored clip and shows its poster, never the provider's URL", async () => {
    const html = await batchPage(storedJob({}));
    expect(html).toContain("Watch clip");
    expect(hrefsAndSources(html)).toEqual(expect.arrayContaining([STORED_CLIP, STORED_POSTER]));
    expect(html).not.toContain("cdn.creativeai.run");
  });

  it("the batch page shows the product photo while there is no stored clip yet", async () => {
    const html = await batchPage(storedJob({ status: "rendering", clipUrl: null, posterUrl: null }));
    expect(html).not.toContain("Watch clip");
    expect(hrefsAndSources(html)).toContain("https://cdn.example.com/mug.jpg");
  });

  it.each(UNSAFE)("the job page's Watch clip link renders nothing for %s", async (url) => {
    expect(await render(createElement(WatchClipLink, { url }))).not.toContain("Watch clip");
    expect(await render(createElement(WatchClipLink, { url: "https://cdn.creativeai.run/output/a.mp4" }))).not.toContain("Watch clip");
    expect(await render(createElement(WatchClipLink, { url: STORED_CLIP }))).toContain(`href="${STORED_CLIP.replaceAll("&", "&amp;")}"`);
  });

  it.each(UNSAFE)("the review card plays no video and shows no poster for %s", async (url) => {
    const clip = {
      id: "job-1",
      productTitle: "Ceramic mug",
      sku: null,
      clipUrl: url,
      posterUrl: url,
      imageUrl: url,
      prompt: "slow push",
      aspectRatio: "16:9",
      status: "awaiting_review",
    };
    const none = () => {};
    const card = { clip, selected: false, onSelect: none, current: false, onFocus: none, onApprove: none, onReject: none, busy: false };
    const html = await render(createElement(ClipReviewCard, card));
    expect(html).not.toContain("<video");
    expect(html).toContain("The clip file isn&#x27;t available.");
    expect(withSchemeOf(url, html)).toEqual([]);
  });
});
