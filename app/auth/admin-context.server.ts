// Every admin page and extension endpoint starts here. In a real install this
// is Shopify's session-token authentication (authenticate.admin). Only when
// the sandbox starts the app (CATALOG_MOTION_SANDBOX=1, never in production:
// env parsing refuses it) does a development session for the demo shop stand
// in for Shopify's.
import { env } from "~/config/env.server";
import { database } from "~/db.server";
import { authenticate } from "~/shopify.server";
import { SANDBOX_SHOP } from "./sandbox-shop";

export interface AdminContext {
  shop: string;
  /** Offline access token for Admin API calls made on the shop's behalf. */
  accessToken: string;
  /** CORS wrapper for extension endpoints (identity in the sandbox). */
  cors: (response: Response) => Response;
  sandbox: boolean;
}

export { SANDBOX_SHOP };

export function sandboxEnabled(): boolean {
  const config = env();
  return config.CATALOG_MOTION_SANDBOX === "1" && config.NODE_ENV !== "production";
}

async function sandboxContext(): Promise<AdminContext> {
  const session = await database().session.findFirst({ where: { shop: SANDBOX_SHOP, isOnline: false } });
  if (!session) throw new Response("The sandbox shop is not set up; start it with `npm run sandbox`.", { status: 503 });
  return { shop: session.shop, accessToken: session.accessToken, cors: (r) => r, sandbox: true };
}

export async function adminContext(request: Request): Promise<AdminContext> {
  if (sandboxEnabled()) return sandboxContext();
  const { session, cors } = await authenticate.admin(request);
  return { shop: session.shop, accessToken: session.accessToken ?? "", cors, sandbox: false };
}
