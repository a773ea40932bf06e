import type { Db } from "../db.server";

/** Keeps the stored sessions' scope in step with what the merchant granted (app/scopes_update). */
export async function updateGrantedScopes({ db, shop, scopes }: { db: Db; shop: string; scopes: string[] }) {
  await db.session.updateMany({ where: { shop }, data: { scope: scopes.join(",") } });
}
