// Every admin page and extension endpoint starts here: Shopify's session-token
// authentication (authenticate.admin), in the sandbox and the tests exactly as
// in production. A document request needs the id_token admin puts in the URL
// (without it the library sends the page to its bounce page for one); a data
// request or an extension's fetch needs `Authorization: Bearer <token>`
// (without it, or with an expired one, the library answers 401).
import { authenticate } from "~/shopify.server";

export interface AdminContext {
  shop: string;
  /** CORS wrapper for extension endpoints (extensions run on Shopify's origin). */
  cors: (response: Response) => Response;
}

export async function adminContext(request: Request): Promise<AdminContext> {
  const { session, cors } = await authenticate.admin(request);
  return { shop: session.shop, cors };
}
