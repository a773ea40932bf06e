// Keys with one purpose each for the whole deployment (see VaultPurposeKey in prisma/models.prisma):
// random, stored wrapped by the key provider's KEK, never derived from it. A master-key rotation
// re-wraps them (master-key-rotation.server.ts), so nothing made with them changes or becomes
// unreadable when the master key does.
import { randomBytes } from "node:crypto";
import type { Db } from "../db.server";
import type { KeyProvider } from "./key-provider.server";
import { createOrRead } from "./keys.server";

export const PURPOSES = ["subject-ref", "shop-ref", "seal", "session-tokens", "analytics-ref"] as const;
export type Purpose = (typeof PURPOSES)[number];

export const purposeKeyContext = (purpose: string, version: number) => ["cv-purpose-key/v1", purpose, version];

/** Every version of every purpose key, unwrapped; version 1 of a purpose is made on first start. */
export type PurposeKeys = Record<Purpose, Map<number, Buffer>>;

/** Every version of one purpose's key, unwrapped; version 1 is made on first use. */
export async function loadPurposeKeyVersions({ db, keyProvider }: { db: Db; keyProvider: KeyProvider }, purpose: Purpose): Promise<Map<number, Buffer>> {
  let rows = await db.vaultPurposeKey.findMany({ where: { purpose }, orderBy: { version: "asc" } });
  if (rows.length === 0) {
    const wrapped = await keyProvider.wrap({ key: randomBytes(32), context: purposeKeyContext(purpose, 1) });
    // Several processes starting at once: the first row written wins, the others read it.
    const created = await createOrRead(
      () => db.vaultPurposeKey.create({ data: { purpose, version: 1, ...wrapped } }),
      () => db.vaultPurposeKey.findUnique({ where: { purpose_version: { purpose, version: 1 } } }),
    );
    rows = [created];
  }
  const versions = new Map<number, Buffer>();
  for (const row of rows) versions.set(row.version, await keyProvider.unwrap({ ...row, context: purposeKeyContext(purpose, row.version) }));
  return versions;
}

export async function loadPurposeKeys(deps: { db: Db; keyProvider: KeyProvider }): Promise<PurposeKeys> {
  const entries = await Promise.all(PURPOSES.map(async (purpose) => [purpose, await loadPurposeKeyVersions(deps, purpose)] as const));
  return Object.fromEntries(entries) as PurposeKeys;
}
