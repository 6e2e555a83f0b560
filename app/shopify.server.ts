// Shopify's app configuration: token exchange from session tokens, expiring
// offline tokens, webhooks and sessions stored through Prisma. Pinned to the
// Admin API version whose schema the app's GraphQL is validated against.
import "@shopify/shopify-app-remix/adapters/node";
import { LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { LIBRARY_BILLING } from "~/billing/library-billing.server";
import { env } from "~/config/env.server";
import { database } from "~/db.server";
import { LIBRARY_API_VERSION as apiVersion } from "~/shopify-admin/library-api-version.server";
import { sendShopifyLibraryTo } from "~/shopify-admin/shopify-origin.server";
import { markInstalled } from "~/shop-lifecycle/uninstall.server";

const config = env();

// The sandbox and tests only: the environment refuses an origin anywhere else.
sendShopifyLibraryTo(config.SHOPIFY_ADMIN_API_ORIGIN);

const appConfig = {
  apiKey: config.SHOPIFY_API_KEY,
  apiSecretKey: config.SHOPIFY_API_SECRET,
  apiVersion,
  scopes: config.SCOPES.split(","),
  appUrl: config.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(database()),
  distribution: AppDistribution.AppStore,
  // Shops rendering on the operator's provider account pay per published clip (app/billing/plans.ts).
  billing: LIBRARY_BILLING,
  // Shopify refuses non-expiring offline tokens from public apps from 2027-01-01.
  future: { unstable_newEmbeddedAuthStrategy: true, expiringOfflineAccessTokens: true },
  hooks: {
    // A shop that uninstalled and came back gets its work back.
    afterAuth: async ({ session }) => {
      await markInstalled(database(), session.shop);
    },
  },
  ...(config.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [config.SHOP_CUSTOM_DOMAIN] } : {}),
} satisfies Parameters<typeof shopifyApp>[0];

const shopify = shopifyApp(appConfig);

/**
 * The same app (key, secret, version) as the library's Shopify API instance,
 * which shopifyApp keeps to itself: work outside a merchant's request refreshes
 * offline tokens with its auth.refreshToken and finds sessions by its ids.
 */
export const shopifyOfflineApi = shopifyApi({
  apiKey: appConfig.apiKey,
  apiSecretKey: appConfig.apiSecretKey,
  apiVersion,
  scopes: appConfig.scopes,
  hostName: new URL(appConfig.appUrl).host,
  isEmbeddedApp: true,
  logger: { level: LogSeverity.Error },
});

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
