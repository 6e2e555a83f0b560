// What the embedded layout (routes/app.tsx) tells its pages: whether they run
// inside Shopify admin (App Bridge available) or in the sandbox (no admin around).
import { useRouteLoaderData } from "@remix-run/react";

export interface AdminLayoutData {
  apiKey: string;
  sandbox: boolean;
}

export const ADMIN_LAYOUT_ROUTE = "routes/app";

/** App Bridge (resource picker, title bar, admin links) exists only when embedded. */
export function useEmbedded(): boolean {
  const data = useRouteLoaderData(ADMIN_LAYOUT_ROUTE) as AdminLayoutData | undefined;
  return data ? !data.sandbox : false;
}
