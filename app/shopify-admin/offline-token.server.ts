// A shop's offline access token for work outside a merchant's request, read
// from the session the Shopify library stored at install. An expiring token
// within five minutes of its end (the library's own margin) is renewed once
// per shop across every process: under the refresh lock, the session is read
// again (another process may have renewed it meanwhile), refreshed through
// the library, and stored through the library's session storage.
//
// Shopify refusing the refresh (uninstalled, revoked) means the app has lost
// the shop: the stored session is deleted, so the shop's other work stops at
// once with "no access" instead of each job asking Shopify again.
//
// A refresh whose answer is lost, or that Shopify answered but the app could
// not store, is only "unavailable": the stored session keeps the refresh token
// it sent, and Shopify takes that token again until its replacement is used
// (changelog of 2026-08-28, "More resilient refreshes for expiring offline
// access tokens"), so the next attempt renews with it.
import { HttpResponseError, type Session } from "@shopify/shopify-api";
import { logger as appLogger, type Logger } from "~/logging/logger.server";
import { AdminApiError } from "./admin-client";
import type { AccessTokenSource } from "./gateway.server";
import type { RefreshLock } from "./refresh-lock.server";

/** The library's margin (WITHIN_MILLISECONDS_OF_EXPIRY in @shopify/shopify-app-remix). */
const RENEW_WITHIN_MS = 5 * 60_000;

/** What the app's Shopify API instance gives (shopifyOfflineApi in ~/shopify.server). */
export interface OfflineSessionApi {
  session: { getOfflineId(shop: string): string };
  auth: { refreshToken(params: { shop: string; refreshToken: string }): Promise<{ session: Session }> };
}

/** The library's session storage (PrismaSessionStorage). */
export interface OfflineSessionStore {
  loadSession(id: string): Promise<Session | undefined>;
  storeSession(session: Session): Promise<boolean>;
  deleteSession(id: string): Promise<boolean>;
}

export interface OfflineTokenDeps {
  api: OfflineSessionApi;
  sessionStorage: OfflineSessionStore;
  lock: RefreshLock;
  logger?: Logger;
}

/** The shop's token source, or null when no offline session is stored (never installed, uninstalled, revoked). */
export async function offlineTokenSource(deps: OfflineTokenDeps, shop: string): Promise<AccessTokenSource | null> {
  const id = deps.api.session.getOfflineId(shop);
  const log = (deps.logger ?? appLogger).child({ component: "shopify-admin", shop });
  const load = async () => {
    const stored = await deps.sessionStorage.loadSession(id);
    return stored?.accessToken ? stored : undefined;
  };
  const installed = await load();
  if (!installed) return null;
  let session: Session = installed;

  const revoked = async (stored: Session, why: string): Promise<never> => {
    await deps.sessionStorage.deleteSession(stored.id);
    log.warn({ why }, "the app lost access to the shop; its offline session is deleted");
    throw new AdminApiError("access_revoked", `Shopify no longer accepts the app's access to ${shop} (${why})`, { status: 401 });
  };

  /**
   * Under the lock: the stored session if it is usable (another process renewed
   * it meanwhile), else a refreshed one. `refused` is the token Shopify just
   * answered 401 to; without it, the session is renewed for being near its end.
   */
  const renew = (refused?: string) =>
    deps.lock.hold(shop, async () => {
      const stored = await load();
      if (!stored)
        throw new AdminApiError("access_revoked", `The app has no access to ${shop} any more (its session was deleted)`, { status: 401 });
      const usable = refused === undefined ? !stored.isExpired(RENEW_WITHIN_MS) : stored.accessToken !== refused && !stored.isExpired();
      if (usable) return stored;
      if (!stored.refreshToken) {
        if (refused === undefined && !stored.isExpired()) return stored;
        return revoked(stored, refused === undefined ? "the token expired and no refresh token is stored" : "Shopify refused the token");
      }
      let refreshed: Session;
      try {
        refreshed = (await deps.api.auth.refreshToken({ shop, refreshToken: stored.refreshToken })).session;
      } catch (error) {
        // 400 (invalid_grant): the refresh token was revoked, used or expired. Anything else
        // (network, 5xx, the app's own credentials refused) says nothing about this shop.
        if (error instanceof HttpResponseError && error.response.code === 400) return revoked(stored, "the refresh token was refused");
        throw new AdminApiError("unavailable", `The shop's access token could not be renewed: ${(error as Error).message}`);
      }
      // Prisma's errors can quote the values they were given: the tokens stay out of the message.
      const kept = await deps.sessionStorage.storeSession(refreshed).catch((error: unknown) => {
        log.error({ errorName: (error as Error).name }, "could not store the shop's renewed offline access token");
        return false;
      });
      if (!kept) {
        throw new AdminApiError(
          "unavailable",
          "Shopify renewed the shop's access token but the app could not store it; the next attempt renews again with the stored refresh token",
        );
      }
      log.info({ expires: refreshed.expires?.toISOString() }, "renewed the shop's offline access token");
      return refreshed;
    });

  return {
    async current() {
      if (session.isExpired(RENEW_WITHIN_MS)) session = await renew();
      return session.accessToken!;
    },
    async afterRefusal(refused) {
      try {
        session = await renew(refused);
      } catch (error) {
        if (error instanceof AdminApiError && error.kind === "access_revoked") return null;
        throw error;
      }
      return session.accessToken!;
    },
  };
}
