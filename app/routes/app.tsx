// /app/*: the embedded admin's layout, the same everywhere: Shopify's
// AppProvider (Polaris, and the App Bridge script: Shopify's CDN one, or the
// emulated admin's stand-in in the sandbox and tests) and its NavMenu. Every
// request passes authenticate.admin first.
import { json, type HeadersFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { AppProvider as PolarisAppProvider } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import en from "@shopify/polaris/locales/en.json" with { type: "json" };
import { AppProvider as ShopifyAppProvider } from "@shopify/shopify-app-remix/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import type { ReactNode } from "react";
import { AppNavigation } from "~/admin-ui/components/AppNavigation";
import { PageSkeleton } from "~/admin-ui/components/PageSkeleton";
import { RemixPolarisLink } from "~/admin-ui/components/RemixPolarisLink";
import { RouteErrorBoundary } from "~/admin-ui/components/RouteErrorBoundary";
import type { AdminLayoutData } from "~/admin-ui/layout";
import { adminContext } from "~/auth/admin-context.server";
import { appBridgeScriptUrl, insideEmulatedAdmin } from "~/auth/emulated-admin.server";
import { env } from "~/config/env.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  await adminContext(request);
  return json<AdminLayoutData>({ apiKey: env().SHOPIFY_API_KEY, appBridgeUrl: appBridgeScriptUrl(), emulatedAdmin: insideEmulatedAdmin() });
}

// The layout's data never changes while the app is open; pages refresh their own.
export const shouldRevalidate = () => false;

/** While another page loads, its skeleton, the way Shopify admin pages load. */
function PageTransition({ children }: { children: ReactNode }) {
  const navigation = useNavigation();
  const location = useLocation();
  const leaving = navigation.state === "loading" && navigation.location.pathname !== location.pathname;
  return leaving ? <PageSkeleton /> : <>{children}</>;
}

export default function AdminLayout() {
  const { apiKey, appBridgeUrl } = useLoaderData<typeof loader>();
  return (
    <ShopifyAppProvider isEmbeddedApp apiKey={apiKey} __APP_BRIDGE_URL={appBridgeUrl}>
      <AppNavigation />
      <PageTransition>
        <Outlet />
      </PageTransition>
    </ShopifyAppProvider>
  );
}

/** The layout itself failed, so no provider is mounted: the error page brings Polaris's own. */
export function ErrorBoundary() {
  return (
    <PolarisAppProvider i18n={en} linkComponent={RemixPolarisLink}>
      <RouteErrorBoundary />
    </PolarisAppProvider>
  );
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
