// Purchase lines for orders placed before the app was installed: once per shop, after its full sync,
// Shopify's orders → line items bulk query (ORDER_LINE_ITEMS_BULK_QUERY, run here and nowhere else)
// is streamed into PurchaseLine. The order's time comes from the order the full sync stored. Resumes
// after the last stored line when a worker dies; skips guest orders and erased customers.
import type { Logger } from "pino";
import type { Db } from "../db.server";
import { subjectRef } from "../privacy/privacy-keys.server";
import type { AdminGraphqlClient } from "../sync/admin-graphql.server";
import { readOrdersWithLineItems, type OrderWithLineItems } from "../sync/bulk-jsonl.server";
import { fetchBulkOperation, ORDER_LINE_ITEMS_BULK_QUERY, startBulkQuery } from "../sync/bulk-operation.server";
import { erasedSubjectRefs } from "../sync/erased-customers.server";
import { queueShopFit } from "./jobs.server";
import { storeOrderLines } from "./purchase-lines.server";

const legacyId = (gid: string) => gid.slice(gid.lastIndexOf("/") + 1);
const UNFINISHED = new Set(["CREATED", "RUNNING", "CANCELING"]);

export class BackfillNotFinishedError extends Error {}

/** Whether the shop still needs its backfill: a full sync has stored its orders, and no backfill ran. */
export async function backfillDue({ db, shop }: { db: Db; shop: string }) {
  const [state, backfill] = await Promise.all([db.syncState.findUnique({ where: { shop }, select: { lastFullSyncAt: true } }), db.purchaseLineBackfill.findUnique({ where: { shop } })]);
  return Boolean(state?.lastFullSyncAt) && (!backfill || backfill.status === "failed");
}

export async function startPurchaseLineBackfill({ db, shop, client, now = new Date() }: { db: Db; shop: string; client: AdminGraphqlClient; now?: Date }) {
  const operation = await startBulkQuery({ client, query: ORDER_LINE_ITEMS_BULK_QUERY });
  const fresh = { operationId: operation.id, status: "running", cursorLine: 0, linesStored: 0, startedAt: now, finishedAt: null, lastError: null };
  await db.purchaseLineBackfill.upsert({ where: { shop }, create: { shop, ...fresh }, update: fresh });
  return { started: operation.id };
}

/** Whether a finished bulk operation is this shop's backfill (the finish webhook fires for every operation). */
export async function isBackfillOperation({ db, shop, operationId }: { db: Db; shop: string; operationId: string }) {
  return (await db.purchaseLineBackfill.findUnique({ where: { shop }, select: { operationId: true } }))?.operationId === operationId;
}

async function storeBatch({ db, shop, batch }: { db: Db; shop: string; batch: OrderWithLineItems[] }) {
  const erased = await erasedSubjectRefs({ db, shop });
  const withCustomer = batch.filter(({ order }) => order.customer);
  const times = new Map(
    (await db.order.findMany({ where: { shop, orderId: { in: withCustomer.map(({ order }) => order.legacyResourceId) } }, select: { orderId: true, processedAt: true } })).map((row) => [row.orderId, row.processedAt]),
  );
  let lines = 0;
  for (const { order, lineItems } of withCustomer) {
    const customerId = legacyId(order.customer!.id);
    const purchasedAt = times.get(order.legacyResourceId);
    // Not stored by the full sync (placed since, or its customer erased): the webhooks cover it.
    if (!purchasedAt || erased.has(subjectRef({ shop, customerId }))) continue;
    const stored = await storeOrderLines({
      db,
      shop,
      order: {
        orderId: order.legacyResourceId,
        customerId,
        purchasedAt,
        lineItems: lineItems.map((item) => ({ productId: item.product && legacyId(item.product.id), variantId: item.variant && legacyId(item.variant.id), quantity: item.quantity, price: item.originalUnitPriceSet.shopMoney.amount })),
      },
    });
    lines += stored.lines;
  }
  await db.purchaseLineBackfill.update({ where: { shop }, data: { cursorLine: batch.at(-1)!.line, linesStored: { increment: lines } } });
}

export async function ingestPurchaseLineBackfill({ db, shop, operationId, client, log, batchSize = 250, now = () => new Date() }: { db: Db; shop: string; operationId: string; client: AdminGraphqlClient; log?: Logger; batchSize?: number; now?: () => Date }) {
  const backfill = await db.purchaseLineBackfill.findUnique({ where: { shop } });
  if (backfill?.operationId !== operationId || backfill.status === "completed") return { skipped: true };
  const operation = await fetchBulkOperation({ client, id: operationId });
  if (UNFINISHED.has(operation.status)) throw new BackfillNotFinishedError(`bulk operation is ${operation.status}`);
  const url = operation.url ?? operation.partialDataUrl;
  if (url) {
    await db.purchaseLineBackfill.update({ where: { shop }, data: { status: "ingesting" } });
    const reader = readOrdersWithLineItems({ url, startAfterLine: backfill.cursorLine, log });
    let batch: OrderWithLineItems[] = [];
    for await (const record of reader.records) {
      batch.push(record);
      if (batch.length >= batchSize) {
        await storeBatch({ db, shop, batch });
        batch = [];
      }
    }
    if (batch.length) await storeBatch({ db, shop, batch });
  }
  const failed = operation.status !== "COMPLETED";
  // The history is in: fit the shop on it (the relay queues the fit within a second).
  const [done] = await db.$transaction(async (tx) => [
    await tx.purchaseLineBackfill.update({
      where: { shop },
      data: { status: failed ? "failed" : "completed", finishedAt: now(), lastError: failed ? `bulk operation ${operation.status.toLowerCase()}${operation.errorCode ? ` (${operation.errorCode})` : ""}` : null },
    }),
    await queueShopFit(tx, shop),
  ]);
  return { status: done.status, lines: done.linesStored };
}
