// GET /clips/<job id>/clip.mp4 | poster.jpg: a job's clip or poster from the
// app's clip store, for the review player, the batch table, the job page and
// the exported manifest. Allowed with a signed link (clip-links.server.ts) or
// the shop's own admin session; anything else, another shop's job included,
// is a bare 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { CLIP_FILES, validClipSignature, type ClipFile } from "~/clips/clip-links.server";
import { storedFileResponse } from "~/clips/serve-clip.server";
import { adminContext } from "~/auth/admin-context.server";
import { webPipeline } from "~/pipeline/web-context.server";

const notFound = () => new Response("Not found", { status: 404 });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const jobId = params.jobId ?? "";
  const file = params.file as ClipFile;
  if (!CLIP_FILES.includes(file) || jobId.length > 100) return notFound();
  const { db, clipStore } = webPipeline();
  const job = await db.videoJob.findUnique({
    where: { id: jobId },
    select: { shop: true, clipKey: true, posterKey: true, clipRemovedAt: true },
  });
  if (!job) return notFound();
  const query = new URL(request.url).searchParams;
  if (!validClipSignature(jobId, file, query)) {
    // No valid link: only the shop's own admin session may read it.
    const { shop } = await adminContext(request);
    if (shop !== job.shop) return notFound();
  }
  const key = file === "clip.mp4" ? job.clipKey : job.posterKey;
  if (!key || job.clipRemovedAt) return notFound();
  return storedFileResponse(clipStore, key, request);
}
