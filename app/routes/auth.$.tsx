// /auth/*: Shopify's own pages (OAuth and the session-token bounce), answered
// entirely by the library. Its pages are thrown as Responses; the emulated
// admin of the sandbox and tests may frame them too.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { adaptToEmulatedAdmin } from "~/auth/emulated-admin.server";
import { authenticate } from "~/shopify.server";

export async function loader({ request }: LoaderFunctionArgs) {
  try {
    await authenticate.admin(request);
  } catch (thrown) {
    if (thrown instanceof Response) adaptToEmulatedAdmin(thrown.headers);
    throw thrown;
  }
  return null;
}
