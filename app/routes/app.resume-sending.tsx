// POST /app/resume-sending: the merchant made room in the store (deleted
// videos or files in Shopify admin) and resumes. Only as many paused videos
// go back to the video studio as the store now has room for.
import { json, type ActionFunctionArgs } from "@remix-run/node";
import { adminContext } from "~/auth/admin-context.server";
import { resumeWhenStoreHasRoom } from "~/catalog/store-room-resume.server";
import { webPipeline } from "~/pipeline/web-context.server";

export async function action({ request }: ActionFunctionArgs) {
  const { shop } = await adminContext(request);
  const outcome = await resumeWhenStoreHasRoom(webPipeline(), shop);
  return json(outcome, { status: outcome.ok ? 200 : 409 });
}
