// The `shopify` global this extension's target is given (close, data,
// authenticated fetch), typed as the Shopify CLI types it.
import "@shopify/ui-extensions";

//@ts-ignore
declare module "./src/ActionExtension.tsx" {
  const shopify: import("@shopify/ui-extensions/admin.product-index.selection-action.render").Api;
  const globalThis: { shopify: typeof shopify };
}
