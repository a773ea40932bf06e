// A shop's sync progress and health (SyncState): what the admin's sync card shows. Counts, times and
// reasons only, never personal data.
import type { Db } from "../db.server";
import { shortReason } from "../jobs/failure-reason.server";

type StateDb = Pick<Db, "syncState">;

export async function noteWebhookApplied({ db, shop, at }: { db: StateDb; shop: string; at: Date }) {
  await db.syncState.upsert({ where: { shop }, create: { shop, lastWebhookAt: at }, update: { lastWebhookAt: at } });
}

/** The full sync stopped; `reason` is Shopify's status or error code, never content. */
export async function recordSyncFailure({ db, shop, reason }: { db: StateDb; shop: string; reason: string }) {
  const failed = { status: "failed", lastError: reason.slice(0, 500) };
  await db.syncState.upsert({ where: { shop }, create: { shop, ...failed, errorCount: 1 }, update: { ...failed, errorCount: { increment: 1 } } });
}

/**
 * Runs a sync job's work; when its last attempt fails, the reason goes on the sync card before the
 * job gives up, since nothing retries it after that. The reason is cut to its cause (shortReason):
 * library errors can carry kilobytes of source code.
 */
export async function recordingLastFailure<T>(
  { db, shop, attempt, maxAttempts }: { db: StateDb; shop: string; attempt: number; maxAttempts: number },
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (attempt >= maxAttempts) await recordSyncFailure({ db, shop, reason: `gave up after ${attempt} attempts: ${shortReason(error)}` });
    throw error;
  }
}

export interface SyncStatus {
  status: string;
  startedAt: Date | null;
  lastFullSyncAt: Date | null;
  lastWebhookAt: Date | null;
  /** Milliseconds since the last webhook event was applied; null before the first. */
  webhookLagMs: number | null;
  customersSynced: number;
  ordersSynced: number;
  customersStored: number;
  ordersStored: number;
  lastError: string | null;
  errorCount: number;
}

export async function getSyncStatus({ db, shop, now = new Date() }: { db: Db; shop: string; now?: Date }): Promise<SyncStatus> {
  const [state, customersStored, ordersStored] = await Promise.all([
    db.syncState.findUnique({ where: { shop } }),
    db.customer.count({ where: { shop } }),
    db.order.count({ where: { shop } }),
  ]);
  return {
    status: state?.status ?? "idle",
    startedAt: state?.startedAt ?? null,
    lastFullSyncAt: state?.lastFullSyncAt ?? null,
    lastWebhookAt: state?.lastWebhookAt ?? null,
    webhookLagMs: state?.lastWebhookAt ? now.getTime() - state.lastWebhookAt.getTime() : null,
    customersSynced: state?.customersSynced ?? 0,
    ordersSynced: state?.ordersSynced ?? 0,
    customersStored,
    ordersStored,
    lastError: state?.lastError ?? null,
    errorCount: state?.errorCount ?? 0,
  };
}
