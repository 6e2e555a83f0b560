// /auth/*: Shopify's own pages (OAuth and the session-token bounce), answered
// entirely by the library.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "~/shopify.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await authenticate.admin(request);
  return null;
}
