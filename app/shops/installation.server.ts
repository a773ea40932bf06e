// A shop's installation lifecycle. The Shop row is the tenant every other row hangs off.
import type { Db } from "../db.server";

export async function recordInstallation({ db, shop, now = new Date() }: { db: Db; shop: string; now?: Date }) {
  await db.shop.upsert({
    where: { domain: shop },
    create: { domain: shop, installedAt: now },
    update: { uninstalledAt: null },
  });
}

/**
 * Shopify revokes the tokens on uninstall, so the sessions are useless: delete them. The shop row
 * stays (marked) until shop/redact erases it. Safe to run twice: Shopify may deliver it again.
 */
export async function recordUninstallation({ db, shop, now = new Date() }: { db: Db; shop: string; now?: Date }) {
  await db.$transaction([
    db.session.deleteMany({ where: { shop } }),
    db.shop.upsert({
      where: { domain: shop },
      create: { domain: shop, installedAt: now, uninstalledAt: now },
      update: {},
    }),
    // A repeated delivery keeps the first uninstall time: the erasure deadline counts from it.
    db.shop.updateMany({ where: { domain: shop, uninstalledAt: null }, data: { uninstalledAt: now } }),
  ]);
}
