// POST /webhooks/app/scopes_update (shopify.app.toml): keep the stored scopes current.
import type { ActionFunctionArgs } from "@remix-run/node";
import { database } from "~/db.server";
import { recordGrantedScopes } from "~/shop-lifecycle/scopes-update.server";
import { authenticate } from "~/shopify.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { payload, session } = await authenticate.webhook(request);
  await recordGrantedScopes(database(), session?.id, payload);
  return new Response();
};
