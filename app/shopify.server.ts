// Shopify's app configuration: OAuth, session tokens, webhooks and sessions
// stored through Prisma. Pinned to Admin API 2025-01, the version whose schema
// the app's GraphQL is validated against.
import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { env } from "~/config/env.server";
import { database } from "~/db.server";
import { markInstalled } from "~/shop-lifecycle/uninstall.server";

export const ADMIN_API_VERSION = ApiVersion.January25;

const config = env();

const shopify = shopifyApp({
  apiKey: config.SHOPIFY_API_KEY || "sandbox-api-key",
  apiSecretKey: config.SHOPIFY_API_SECRET || "sandbox-api-secret",
  apiVersion: ADMIN_API_VERSION,
  scopes: config.SCOPES.split(","),
  appUrl: config.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(database()),
  distribution: AppDistribution.AppStore,
  future: { unstable_newEmbeddedAuthStrategy: true },
  hooks: {
    // A shop that uninstalled and came back gets its work back.
    afterAuth: async ({ session }) => {
      await markInstalled(database(), session.shop);
    },
  },
  ...(config.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [config.SHOP_CUSTOM_DOMAIN] } : {}),
});

export default shopify;
export const apiVersion = ADMIN_API_VERSION;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
