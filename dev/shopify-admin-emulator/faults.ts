// What can go wrong at Shopify, switchable per run. Rates are probabilities
// from 0 to 1, decided per GraphQL request (or per video for mediaFailRate)
// with the emulator's seeded randomness.
import { z } from "zod";

const rate = z.number().min(0).max(1);

export const adminFaultsSchema = z
  .object({
    /** GraphQL requests answered 429 Too Many Requests with Retry-After. */
    http429Rate: rate,
    /** The Retry-After sent with a 429, in seconds (decimals allowed, as Shopify sends "2.0"). */
    retryAfterSeconds: z.number().min(0).max(3600),
    /** GraphQL requests answered 502 or 503. */
    http5xxRate: rate,
    /** Extra delay before every GraphQL answer. */
    slowMs: z.number().min(0).max(600_000),
    /** Uploaded videos that Shopify fails to process (FAILED with mediaErrors). */
    mediaFailRate: rate,
    /** Refreshes carried out whose answer never reaches the app (the connection closes): it holds only the refresh token it sent. */
    lostRefreshRate: rate,
  })
  .strict();

export type AdminFaults = z.infer<typeof adminFaultsSchema>;

export const NO_ADMIN_FAULTS: AdminFaults = {
  http429Rate: 0,
  retryAfterSeconds: 1,
  http5xxRate: 0,
  slowMs: 0,
  mediaFailRate: 0,
  lostRefreshRate: 0,
};
