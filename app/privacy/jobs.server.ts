// The privacy module's job types: what producers (webhook intake, staff actions, the uninstall
// lifecycle) queue. The code that runs them is in job-handlers.server.ts.
import { z } from "zod";
import { DEFAULT_JOB_OPTIONS, defineJobType } from "../jobs/job-definition.server";

export const processPrivacyRequestJob = defineJobType({
  queue: "privacy",
  name: "privacy.process-request",
  payload: z.object({ shop: z.string(), requestId: z.string() }).strict(),
  // 10 tries over about 17 hours (exponential from 1 minute); then the request is marked failed and
  // shown to the merchant with the reason. The legal deadline is 30 days away.
  options: {
    attempts: 10,
    backoff: { type: "exponential", delay: 60_000 },
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 90 * 24 * 3600 },
  },
});

/** Shopify sends shop/redact 48 hours after an uninstall; the app does not wait on it. */
export const ERASE_AFTER_UNINSTALL_MS = 48 * 3600 * 1000;

export const eraseUninstalledShopJob = defineJobType({
  queue: "privacy",
  name: "shops.erase-if-still-uninstalled",
  payload: z.object({ shop: z.string(), uninstalledAt: z.iso.datetime() }).strict(),
  options: { ...DEFAULT_JOB_OPTIONS, attempts: 10 },
});

/** A storefront erasure asks Shopify to erase the customer too (customerRequestDataErasure). */
export const requestShopifyErasureJob = defineJobType({
  queue: "privacy",
  name: "privacy.request-shopify-erasure",
  payload: z.object({ shop: z.string(), requestId: z.string() }).strict(),
  options: { ...DEFAULT_JOB_OPTIONS, attempts: 10, backoff: { type: "exponential", delay: 60_000 } },
});
