import type { Db } from "../db.server";

export async function getShopOverview({ db, shop }: { db: Db; shop: string }) {
  const row = await db.shop.findUnique({ where: { domain: shop }, select: { installedAt: true } });
  return { shop, installedAt: row?.installedAt.toISOString() ?? null };
}
