// The shop's time zone (Shopify's `shop.ianaTimezone`), in which the admin shows every time.
import type { Db } from "../db.server";
import { knownTimeZone } from "../i18n/format";

/** The stored zone, or UTC until it is known (the times then say UTC rather than guessing). */
export async function shopTimeZone({ db, shop }: { db: Db; shop: string }): Promise<string> {
  const row = await db.shop.findUnique({ where: { domain: shop }, select: { ianaTimezone: true } });
  return knownTimeZone(row?.ianaTimezone);
}
