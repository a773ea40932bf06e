// Shop key rotation: a new shop key version, then every customer key re-wrapped from older versions
// to it in batches (the customer keys themselves, and so the data, do not change); at the end the
// older versions' erasure epochs are destroyed. Progress is a
// cursor in VaultKeyRotation, committed with each batch, so a killed worker resumes where it stopped.
// Reads and writes go on meanwhile: old versions stay readable until the end, and new customer keys
// are wrapped under the newest version as soon as it exists.
import { randomUUID } from "node:crypto";
import type { Db } from "../db.server";
import { createShopKeyVersion, shopKey, unwrapCustomerKey, wrapCustomerKey } from "./keys.server";
import type { Vault } from "./vault.server";

export const REWRAP_BATCH_SIZE = 200;

/** Creates the new version and the rotation record; returns the unfinished one if there is one. */
export async function startShopKeyRotation({ db, vault, shop }: { db: Db; vault: Vault; shop: string }) {
  const running = await db.vaultKeyRotation.findFirst({ where: { shop, finishedAt: null } });
  if (running) return { rotationId: running.id, toVersion: running.toVersion };
  const toVersion = await createShopKeyVersion(vault, shop);
  const rotation = await db.vaultKeyRotation.create({ data: { id: randomUUID(), shop, toVersion } });
  return { rotationId: rotation.id, toVersion };
}

/** Re-wraps the next batch after the cursor. Returns done once no customer key is left on an old version. */
export async function rewrapNextBatch({
  db,
  vault,
  shop,
  rotationId,
  batchSize = REWRAP_BATCH_SIZE,
}: {
  db: Db;
  vault: Vault;
  shop: string;
  rotationId: string;
  batchSize?: number;
}): Promise<{ done: boolean }> {
  const rotation = await db.vaultKeyRotation.findFirst({ where: { id: rotationId, shop } });
  // Gone: the shop was erased (shop/redact) while the job waited, so there is nothing left to rotate.
  if (!rotation || rotation.finishedAt) return { done: true };
  const { toVersion, cursor } = rotation;
  const rows = await db.vaultCustomerKey.findMany({
    where: { shop, shopKeyVersion: { lt: toVersion }, ...(cursor === null ? {} : { customerId: { gt: cursor } }) },
    orderBy: { customerId: "asc" },
    take: batchSize,
  });
  if (!rows.length) return finishRotation({ db, vault, shop, rotationId, toVersion });

  const wrappingKey = await shopKey(vault, shop, toVersion);
  const rewraps = await Promise.all(rows.map(async (row) => {
    const key = await unwrapCustomerKey(vault, row);
    const wrappedKey = wrapCustomerKey({ wrappingKey, key, shop, customerId: row.customerId, keyId: row.keyId, shopKeyVersion: toVersion });
    return { row, wrappedKey };
  }));
  // The batch and the cursor commit together: a worker killed mid-batch redoes the whole batch.
  await db.$transaction(async (tx) => {
    let rewrapped = 0;
    for (const { row, wrappedKey } of rewraps) {
      // Guarded by the old wrapping: a key erased (or replaced) since it was read is left alone.
      const { count } = await tx.vaultCustomerKey.updateMany({
        where: { shop, customerId: row.customerId, keyId: row.keyId, wrappedKey: row.wrappedKey },
        data: { wrappedKey, shopKeyVersion: toVersion },
      });
      rewrapped += count;
    }
    await tx.vaultKeyRotation.updateMany({
      where: { id: rotationId, shop },
      data: { cursor: rows.at(-1)!.customerId, rewrapped: { increment: rewrapped } },
    });
  });
  return { done: false };
}

async function finishRotation({ db, vault, shop, rotationId, toVersion }: { db: Db; vault: Vault; shop: string; rotationId: string; toVersion: number }) {
  // A customer key created just as the rotation started may have been wrapped under the old version
  // behind the cursor: go round once more until none is left.
  const left = await db.vaultCustomerKey.count({ where: { shop, shopKeyVersion: { lt: toVersion } } });
  if (left) {
    await db.vaultKeyRotation.updateMany({ where: { id: rotationId, shop }, data: { cursor: null } });
    return { done: false };
  }
  const now = new Date();
  await db.$transaction([
    db.vaultShopKey.updateMany({ where: { shop, version: { lt: toVersion }, retiredAt: null }, data: { retiredAt: now } }),
    db.vaultKeyRotation.updateMany({ where: { id: rotationId, shop }, data: { finishedAt: now } }),
  ]);
  // No customer key is wrapped under an older version any more: destroy their epochs, so the copies of
  // customer keys erased under them (dead tuples, WAL, backups) can never be unwrapped again.
  const known = await db.vaultShopKey.findMany({ where: { shop, version: { lt: toVersion } }, select: { version: true } });
  await vault.epochs.destroyBelow(shop, toVersion, known.map(({ version }) => version));
  return { done: true };
}

/** The whole rotation, batch after batch; what the job runs. */
export async function runShopKeyRotation(options: { db: Db; vault: Vault; shop: string; rotationId: string; batchSize?: number }) {
  while (!(await rewrapNextBatch(options)).done);
  const rotation = await options.db.vaultKeyRotation.findFirst({ where: { id: options.rotationId, shop: options.shop } });
  return { toVersion: rotation?.toVersion, rewrapped: rotation?.rewrapped };
}
