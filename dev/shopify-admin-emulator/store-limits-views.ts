// The store's limits as the Admin API shows them: Shop.plan and QueryRoot.files.
import { connection, type ConnectionArgs } from "./connection";
import type { RequestContext } from "./context";
import { mediaTypeOf } from "./search";
import { storeLimitsOf } from "./store-limits";
import { mediaView, shopView } from "./views";

/** Shop.plan (ShopPlan) for the calling shop. */
function shopPlanView(ctx: RequestContext) {
  const plan = storeLimitsOf(ctx.catalog).planOf(ctx.shop.domain);
  return {
    publicDisplayName: plan,
    partnerDevelopment: plan === "Development",
    shopifyPlus: plan === "Plus",
  };
}

/** QueryRoot.files: the shop's files, newest last, filtered by `media_type:<type>` as the app asks. */
export function filesConnection(ctx: RequestContext, args: ConnectionArgs & { query?: string | null }) {
  const type = mediaTypeOf(args.query);
  const files = [...ctx.catalog.media.values()].filter((m) => m.shop === ctx.shop.domain && (!type || m.kind === type));
  return connection(
    files,
    args,
    (m) => m.id,
    (m) => mediaView(ctx, m),
  );
}

/** Shop with its plan. */
export function shopWithPlanView(ctx: RequestContext) {
  return { ...shopView(ctx), plan: () => shopPlanView(ctx) };
}
