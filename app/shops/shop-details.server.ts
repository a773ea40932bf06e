// The shop's time zone from Shopify (`shop.ianaTimezone`), read once in the background the first
// time the admin is opened without it; the admin shows times in UTC until it is known.
import { z } from "zod";
import type { Db } from "../db.server";
import { knownTimeZone } from "../i18n/format";
import { addToOutbox } from "../jobs/outbox.server";
import type { AdminGraphqlClient } from "../sync/admin-graphql.server";
import { fetchShopDetailsJob } from "./jobs.server";

const SHOP_DETAILS_QUERY = "query ShopDetails { shop { ianaTimezone } }";

export class UnknownTimeZoneError extends Error {}

export async function fetchShopDetails({ db, shop, client }: { db: Db; shop: string; client: AdminGraphqlClient }) {
  const { data } = await client.request({ query: SHOP_DETAILS_QUERY, data: z.object({ shop: z.object({ ianaTimezone: z.string().min(1) }) }) });
  const zone = data.shop.ianaTimezone;
  // Stored only if this runtime can format in it; the admin would otherwise silently fall back.
  if (knownTimeZone(zone) !== zone) throw new UnknownTimeZoneError(`Shopify named a time zone this runtime does not know: ${zone}`);
  await db.shop.updateMany({ where: { domain: shop }, data: { ianaTimezone: zone } });
  return { ianaTimezone: zone };
}

/**
 * Queues the fetch when the shop's zone is not known yet and no fetch is waiting or running, so
 * opening several admin pages at once queues one. Returns the outbox row to relay, if any.
 */
export async function queueShopDetailsIfUnknown({ db, shop }: { db: Db; shop: string }) {
  return db.$transaction(async (tx) => {
    const row = await tx.shop.findUnique({ where: { domain: shop }, select: { ianaTimezone: true } });
    if (!row || row.ianaTimezone) return null;
    const pending = await tx.outboxMessage.count({ where: { shop, job: fetchShopDetailsJob.name, finishedAt: null, deadAt: null } });
    if (pending > 0) return null;
    return addToOutbox(tx, { shop, job: fetchShopDetailsJob, payload: { shop } });
  });
}
