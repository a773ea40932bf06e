// A shop's installation lifecycle. The Shop row is the tenant every other row hangs off.
import type { Db } from "../db.server";
import type { InboxTx } from "../webhooks/inbox.server";
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

/**
 * Whether the app is installed in the shop now: not marked uninstalled, or holding an offline session
 * (token exchange stores one before the Shop row exists).
 */
export async function isShopInstalled({ db, shop }: { db: Db | InboxTx; shop: string }): Promise<boolean> {
  const [row, offlineSessions] = await Promise.all([
    db.shop.findUnique({ where: { domain: shop }, select: { uninstalledAt: true } }),
    db.session.count({ where: { shop, isOnline: false } }),
  ]);
  return (row !== null && row.uninstalledAt === null) || offlineSessions > 0;
}
