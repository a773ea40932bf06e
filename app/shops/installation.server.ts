// A shop's installation lifecycle. The Shop row is the tenant every other row hangs off.
import type { Db } from "../db.server";
import { ERASE_AFTER_UNINSTALL_MS, eraseUninstalledShopJob } from "../privacy/jobs.server";
import { addToOutbox } from "../jobs/outbox.server";

export async function recordInstallation({ db, shop, now = new Date() }: { db: Db; shop: string; now?: Date }) {
  await db.shop.upsert({
    where: { domain: shop },
    create: { domain: shop, installedAt: now },
    update: { uninstalledAt: null },
  });
}

/**
 * Shopify revokes the tokens on uninstall, so the sessions are deleted at once. The shop's data is
 * erased 48 hours later unless the app is reinstalled by then (Shopify's shop/redact arrives around
 * the same time; both paths are idempotent). A repeated delivery keeps the first uninstall time and
 * schedules nothing new.
 */
export async function recordUninstallation({ db, shop, now = new Date() }: { db: Db; shop: string; now?: Date }) {
  return db.$transaction(async (tx) => {
    await tx.session.deleteMany({ where: { shop } });
    await tx.shop.upsert({ where: { domain: shop }, create: { domain: shop, installedAt: now }, update: {} });
    const { count } = await tx.shop.updateMany({ where: { domain: shop, uninstalledAt: null }, data: { uninstalledAt: now } });
    if (count === 0) return { erasureOutboxId: null };
    const message = await addToOutbox(tx, {
      shop,
      job: eraseUninstalledShopJob,
      payload: { shop, uninstalledAt: now.toISOString() },
      availableAt: new Date(now.getTime() + ERASE_AFTER_UNINSTALL_MS),
    });
    return { erasureOutboxId: message.id };
  });
}
