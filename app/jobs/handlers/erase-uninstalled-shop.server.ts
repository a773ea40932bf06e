import { z } from "zod";
import { config } from "../../config.server";
import { vault } from "../../vault/vault.server";
import { customerDataHolders } from "../../privacy/holders.server";
import { eraseShopData } from "../../privacy/erase-shop.server";
import { DEFAULT_JOB_OPTIONS, defineJob } from "../job-definition.server";

/** Shopify sends shop/redact 48 hours after an uninstall; the app does not wait on it. */
export const ERASE_AFTER_UNINSTALL_MS = 48 * 3600 * 1000;

export const eraseUninstalledShopJob = defineJob({
  queue: "privacy",
  name: "shops.erase-if-still-uninstalled",
  payload: z.object({ shop: z.string(), uninstalledAt: z.iso.datetime() }).strict(),
  options: { ...DEFAULT_JOB_OPTIONS, attempts: 10 },
  async handle({ shop, uninstalledAt }, { db, queues, log }) {
    const current = await db.shop.findUnique({ where: { domain: shop }, select: { uninstalledAt: true } });
    // Reinstalled since (or uninstalled again later, which schedules its own erasure): keep the data.
    if (current && current.uninstalledAt?.toISOString() !== uninstalledAt) return { skipped: "reinstalled" };
    const holders = customerDataHolders({ queues, redisPrefix: config().REDIS_PREFIX, vault: vault() });
    return eraseShopData({ db, holders, shop, triggerId: `uninstall:${shop}:${uninstalledAt}`, log });
  },
});
