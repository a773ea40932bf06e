// A full (or repair) sync: one bulk query for every customer with their orders. Starting it records
// the operation on the shop's SyncState; Shopify's bulk_operations/finish webhook later queues the
// ingest, which streams the result into the vault in batches and stores the last line it applied
// after each batch, so a killed worker resumes there instead of starting over.
import type { Logger } from "pino";
import { config } from "../config.server";
import type { DatabaseTarget } from "../database-target.server.mjs";
import type { Db } from "../db.server";
import { subjectRef } from "../privacy/privacy-keys.server";
import { upsertCustomer, type ShopifyCustomer } from "../vault/customers.server";
import { eraseCustomer } from "../vault/erasure.server";
import { openCustomerBatchConnection, prepareCustomerBatch, writeCustomerBatch, type CustomerBatchConnection, type SyncedCustomer } from "../vault/customer-batches.server";
import { upsertOrder } from "../vault/orders.server";
import type { Vault } from "../vault/vault.server";
import type { AdminGraphqlClient } from "./admin-graphql.server";
import { readCustomersWithOrders, type CustomerWithOrders } from "./bulk-jsonl.server";
import type { BulkCustomer } from "./bulk-records.server";
import { BulkOperationRejectedError, CUSTOMERS_WITH_ORDERS_BULK_QUERY, fetchBulkOperation, startBulkQuery } from "./bulk-operation.server";
import { erasedSubjectRefs } from "./erased-customers.server";
import { minimiseCustomer, syncedFields, type SyncedFields } from "./minimisation.server";
import { recordSyncFailure } from "./sync-state.server";
import { vaultCustomer } from "./vault-mapping.server";

export async function startFullSync({ db, shop, client, now = new Date() }: { db: Db; shop: string; client: AdminGraphqlClient; now?: Date }) {
  try {
    const operation = await startBulkQuery({ client, query: CUSTOMERS_WITH_ORDERS_BULK_QUERY });
    const fresh = { status: "running", bulkOperationId: operation.id, startedAt: now, cursorLine: 0, customersSynced: 0, ordersSynced: 0, lastError: null };
    await db.syncState.upsert({ where: { shop }, create: { shop, ...fresh }, update: fresh });
    return { started: operation.id };
  } catch (error) {
    // A busy or rate-limited shop is retried by the job; a rejected query would fail the same way again.
    if (!(error instanceof BulkOperationRejectedError) || error.retryable) throw error;
    await recordSyncFailure({ db, shop, reason: `Shopify refused the bulk query (${error.code})` });
    return { refused: error.code };
  }
}

const optionalDate = (iso: string | null | undefined) => (iso ? new Date(iso) : null);

const legacyId = (gid: string) => gid.slice(gid.lastIndexOf("/") + 1);

function bulkVaultCustomer(customer: BulkCustomer, fields: SyncedFields): ShopifyCustomer {
  const home = customer.defaultAddress;
  const minimised = minimiseCustomer(
    {
      customerId: customer.legacyResourceId,
      sourceUpdatedAt: new Date(customer.updatedAt),
      createdAt: new Date(customer.createdAt),
      state: customer.state.toLowerCase(),
      currency: customer.amountSpent.currencyCode,
      // Protected fields the app is not approved for are null: stored as absent, the sync carries on.
      email: customer.defaultEmailAddress?.emailAddress ?? null,
      phone: customer.defaultPhoneNumber?.phoneNumber ?? null,
      firstName: customer.firstName,
      lastName: customer.lastName,
      defaultAddress: home && { address1: home.address1, address2: home.address2, city: home.city, province: home.province, zip: home.zip, countryCode: home.countryCodeV2 },
      note: customer.note,
    },
    fields,
  );
  return {
    ...vaultCustomer(minimised),
    ordersCount: Number(customer.numberOfOrders),
    amountSpent: customer.amountSpent.amount,
    emailMarketingState: customer.defaultEmailAddress?.marketingState ?? null,
    smsMarketingState: customer.defaultPhoneNumber?.marketingState ?? null,
    emailMarketingUpdatedAt: optionalDate(customer.defaultEmailAddress?.marketingUpdatedAt),
    smsMarketingUpdatedAt: optionalDate(customer.defaultPhoneNumber?.marketingUpdatedAt),
    dataSaleOptOut: customer.dataSaleOptOut,
  };
}

function syncedCustomer({ customer, orders }: CustomerWithOrders, fields: SyncedFields): SyncedCustomer {
  return {
    customer: bulkVaultCustomer(customer, fields),
    sourceUpdatedAt: new Date(customer.updatedAt),
    orders: orders.map((order) => ({
      // Line items come from a separate query; leaving them out keeps the ones webhooks stored.
      order: {
        id: order.legacyResourceId,
        customerId: legacyId(order.__parentId),
        processedAt: new Date(order.processedAt),
        totalPrice: order.totalPriceSet.shopMoney.amount,
        currency: order.totalPriceSet.shopMoney.currencyCode,
        financialStatus: order.displayFinancialStatus,
      },
      sourceUpdatedAt: new Date(order.updatedAt),
    })),
  };
}

interface BatchContext {
  db: Db;
  vault: Vault;
  connection: CustomerBatchConnection;
  shop: string;
  fields: SyncedFields;
}

/** Everything of a batch done before its write: the erased customers left out, the rest encrypted. */
async function prepareBatch({ db, vault, connection, shop, fields }: BatchContext, batch: CustomerWithOrders[]) {
  // Re-read per batch: a customer erased while a long ingest runs must not be written after that.
  const erased = await erasedSubjectRefs({ db, shop });
  const kept = erased.size === 0 ? batch : batch.filter(({ customer }) => !erased.has(subjectRef({ shop, customerId: customer.legacyResourceId })));
  const writable = kept.map((record) => syncedCustomer(record, fields));
  const prepared = await prepareCustomerBatch({ connection, vault, shop, customers: writable });
  return { batch, erased, writable, prepared };
}

async function storeBatch({ db, vault, connection, shop }: BatchContext, { batch, erased, writable, prepared }: Awaited<ReturnType<typeof prepareBatch>>) {
  const written = await writeCustomerBatch({ connection, batch: prepared });
  // What the batch could not write (a key a webhook made meanwhile, a restored key of a destroyed
  // epoch) goes row by row, stale-safe.
  for (const { customer, sourceUpdatedAt, orders } of writable) {
    if (written.has(customer.id)) continue;
    await upsertCustomer({ db, vault, shop, customer, sourceUpdatedAt });
    for (const order of orders) await upsertOrder({ db, shop, ...order });
  }
  const customers = writable.length;
  const orders = writable.reduce((sum, { orders: customerOrders }) => sum + customerOrders.length, 0);
  // Customers erased while this batch was written: undo their writes.
  const erasedSince = [...(await erasedSubjectRefs({ db, shop }))].filter((ref) => !erased.has(ref));
  if (erasedSince.length) {
    for (const { customer } of batch) {
      if (erasedSince.includes(subjectRef({ shop, customerId: customer.legacyResourceId }))) {
        await eraseCustomer({ db, vault, shop, customerId: customer.legacyResourceId });
      }
    }
  }
  const last = batch.at(-1);
  await db.syncState.update({
    where: { shop },
    data: { cursorLine: last?.line, customersSynced: { increment: customers }, ordersSynced: { increment: orders } },
  });
}

const UNFINISHED = new Set(["CREATED", "RUNNING", "CANCELING"]);

/** The operation is still running (the finish webhook came early or was replayed): retry later. */
export class BulkOperationNotFinishedError extends Error {}

export async function ingestBulkOperation({
  db,
  vault,
  shop,
  operationId,
  client,
  log,
  batchSize = 500,
  database = config().database,
  fetch: doFetch,
  now = () => new Date(),
}: {
  db: Db;
  vault: Vault;
  shop: string;
  operationId: string;
  client: AdminGraphqlClient;
  log?: Logger;
  batchSize?: number;
  /** The database `db` talks to: batches are written through its driver directly. */
  database?: DatabaseTarget;
  fetch?: typeof fetch;
  now?: () => Date;
}) {
  const state = await db.syncState.findUnique({ where: { shop } });
  // bulk_operations/finish fires for every bulk operation of the app, not only this sync's.
  if (state?.bulkOperationId !== operationId) return { skipped: "not the shop's current full sync" };
  if (state.status === "completed" || state.status === "failed") return { skipped: `already ${state.status}` };

  const operation = await fetchBulkOperation({ client, id: operationId });
  if (UNFINISHED.has(operation.status)) throw new BulkOperationNotFinishedError(`bulk operation is ${operation.status}`);
  const failure = operation.status === "COMPLETED" ? null : `bulk operation ${operation.status.toLowerCase()}${operation.errorCode ? ` (${operation.errorCode})` : ""}`;
  // A failed operation may still have written part of the result: keep what it has.
  const url = operation.url ?? operation.partialDataUrl;
  if (url) {
    await db.syncState.update({ where: { shop }, data: { status: "ingesting" } });
    const context: BatchContext = { db, vault, shop, fields: await syncedFields({ db, shop }), connection: openCustomerBatchConnection(database) };
    try {
      const reader = readCustomersWithOrders({ url, startAfterLine: state.cursorLine, fetch: doFetch, log });
      // Pipelined: the next batch is read and encrypted while the one before it is written. Batches
      // are written one after another, in order, so the stored cursor only ever moves past written lines.
      let writing: Promise<void> = Promise.resolve();
      const store = async (batch: CustomerWithOrders[]) => {
        const prepared = await prepareBatch(context, batch);
        await writing;
        writing = storeBatch(context, prepared);
        // Failure shows at the next batch's wait or at the end; never left unobserved meanwhile.
        writing.catch(() => {});
      };
      let batch: CustomerWithOrders[] = [];
      for await (const record of reader.records) {
        batch.push(record);
        if (batch.length >= batchSize) {
          await store(batch);
          batch = [];
        }
      }
      if (batch.length) await store(batch);
      await writing;
    } finally {
      await context.connection.close();
    }
  }
  if (failure) {
    await recordSyncFailure({ db, shop, reason: url ? `${failure}; partial result stored` : failure });
    return { failed: failure };
  }
  const done = await db.syncState.update({ where: { shop }, data: { status: "completed", lastFullSyncAt: now(), lastError: null } });
  return { completed: operationId, customers: done.customersSynced, orders: done.ordersSynced };
}
