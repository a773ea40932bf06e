// A vault on a throw-away migrated database (the engine DATABASE_URL names, unless told) for in-process benches,
// with a fresh local master key and temporary key stores, all removed when `work` ends.
import { randomBytes } from "node:crypto";
import type { DatabaseTarget } from "../../app/database-target.server.mjs";
import { createDb, type Db } from "../../app/db.server";
import { createKeyCache } from "../../app/vault/key-cache.server";
import { createLocalKeyProvider } from "../../app/vault/key-provider.server";
import type { CachedKey } from "../../app/vault/keys.server";
import { createVault, type Vault } from "../../app/vault/vault.server";
import { createTemplateDatabase, dropTemplateDatabase } from "../../harness/test-database";
import { temporaryVaultStores } from "../../harness/vault";

export async function withBenchVault<T>(
  work: (context: { db: Db; vault: Vault; target: DatabaseTarget }) => Promise<T>,
  { databaseUrl = process.env.DATABASE_URL }: { databaseUrl?: string } = {},
): Promise<T> {
  const target = await createTemplateDatabase(databaseUrl);
  const db = createDb(target);
  const stores = temporaryVaultStores();
  const vault = createVault({ db, keyProvider: createLocalKeyProvider({ currentKey: randomBytes(32) }), cache: createKeyCache<CachedKey>(), ...stores });
  try {
    return await work({ db, vault, target });
  } finally {
    await db.$disconnect();
    await dropTemplateDatabase(target);
    stores.remove();
  }
}
