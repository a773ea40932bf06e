// The scheduled end of every erasure: each shop with erasures since its last epoch rotation gets a new
// shop key version, its remaining customer keys are re-wrapped to it online, and the old versions'
// epoch secrets are destroyed (shop-key-rotation.server.ts). From then on no copy of an erased
// customer's key (dead tuples, WAL, replicas, archives, data backups) can be unwrapped with anything
// the live system holds. Shops still on a version made before epochs existed are rotated the same
// way, once. Operator maintenance across shops, like the master key rotation.
import type { Db } from "../db.server";
import { runShopKeyRotation, startShopKeyRotation } from "./shop-key-rotation.server";
import type { Vault } from "./vault.server";

/** How often the worker looks for shops to rotate: the bound on how long an erased key stays unwrappable. */
export const ROTATE_ERASURE_EPOCHS_EVERY_MS = 60 * 60_000;

async function shopsDue({ db, vault }: { db: Db; vault: Vault }): Promise<string[]> {
  const due = new Set(await vault.journal.shopsDueForEpochRotation());
  const newest = await db.vaultShopKey.groupBy({ by: ["shop"], _max: { version: true } });
  for (const { shop, _max } of newest) {
    if (!due.has(shop) && _max.version !== null && (await vault.epochs.secretOf(shop, _max.version)).state === "legacy") due.add(shop);
  }
  return [...due];
}

export async function rotateErasureEpochs({ db, vault, batchSize }: { db: Db; vault: Vault; batchSize?: number }) {
  const rotated: { shop: string; toVersion: number; rewrapped: number }[] = [];
  for (const shop of await shopsDue({ db, vault })) {
    // A rotation already under way began before some of these erasures: finish it, then start afresh.
    const running = await db.vaultKeyRotation.findFirst({ where: { shop, finishedAt: null } });
    if (running) await runShopKeyRotation({ db, vault, shop, rotationId: running.id, batchSize });
    const startedAt = new Date();
    const { rotationId, toVersion } = await startShopKeyRotation({ db, vault, shop });
    const { rewrapped } = await runShopKeyRotation({ db, vault, shop, rotationId, batchSize });
    // Erasures marked after this rotation began may have had their keys re-wrapped under toVersion: kept for the next run.
    await vault.journal.epochRotated(shop, startedAt);
    rotated.push({ shop, toVersion, rewrapped: rewrapped ?? 0 });
  }
  return { shops: rotated.length, rewrapped: rotated.reduce((sum, { rewrapped }) => sum + rewrapped, 0), rotated };
}
