// Shopify delivers webhooks at least once and out of order, and a resync can race a webhook, so a
// write must never replace newer data with older. The check and the write are one statement
// (an UPDATE guarded by the stored updatedAt), so two concurrent writers cannot both win.
import { isUniqueViolation } from "../db.server";

/**
 * `update` must only match a row whose stored source timestamp is not newer than the incoming one.
 * An equal timestamp applies: a redelivery rewrites the same data, and of two edits within Shopify's
 * one-second resolution the later delivery wins.
 * Returns whether the incoming data was applied.
 */
export async function writeUnlessStale({
  update,
  create,
}: {
  update: () => Promise<{ count: number }>;
  create: () => Promise<unknown>;
}): Promise<boolean> {
  if ((await update()).count > 0) return true;
  try {
    await create();
    return true;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  // The row exists: either it is newer (stale write, nothing matches) or a concurrent writer
  // created it between our update and create (this update now applies if ours is newer).
  return (await update()).count > 0;
}
