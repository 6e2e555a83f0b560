// What the embedded layout (routes/app.tsx) tells its pages.
import { useRouteLoaderData } from "@remix-run/react";

export interface AdminLayoutData {
  apiKey: string;
  /** Shopify's App Bridge script, or the emulated admin's stand-in in the sandbox and tests. */
  appBridgeUrl: string;
  /** Inside the sandbox's emulated admin: its App Bridge stand-in has no resource picker and no admin product pages. */
  emulatedAdmin: boolean;
}

export const ADMIN_LAYOUT_ROUTE = "routes/app";

/** The resource picker and links to admin's own pages exist only inside the real Shopify admin. */
export function useShopifyAdminFeatures(): boolean {
  const data = useRouteLoaderData(ADMIN_LAYOUT_ROUTE) as AdminLayoutData | undefined;
  return data ? !data.emulatedAdmin : false;
}
