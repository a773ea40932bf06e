// A full sync writes a whole shop's customers with their orders. Through Prisma every row was a
// compiled query (a multi-row createMany compiles every value it carries) and every existing customer
// a dozen statements; here a batch goes through the driver in one transaction: the new customers'
// keys, then one stale-safe upsert per customer and per order (prepared statements on SQLite,
// multi-row statements on PostgreSQL). The keys are read and the fields encrypted before the write
// lock is taken (prepareCustomerBatch), so a caller can prepare the next batch while one is written.
//
// The upserts keep the row-by-row rules: the customer's columns apply unless the stored row is newer
// (sourceUpdatedAt, upsertCustomer), each marketing consent under its own time (recordMarketingConsent),
// orders unless newer (upsertOrder), stored line items are never replaced (the bulk query has none).
import pg from "pg";
import type { DatabaseTarget } from "../database-target.server.mjs";
import { beginWhenFree, openSqlite, postgresTime, sqliteTime } from "../direct-sql.server";
import { APP_ROLE } from "../shop-db.server";
import { customerColumns, type ShopifyCustomer } from "./customers.server";
import { currentWrappingKey, EpochDestroyedError, makeCustomerKey, unwrapCustomerKey, type CachedKey } from "./keys.server";
import { orderColumns, type ShopifyOrder } from "./orders.server";
import { customerCipher, type Vault } from "./vault.server";

export interface SyncedCustomer {
  customer: ShopifyCustomer;
  sourceUpdatedAt: Date;
  /** Without line items: the ones stored stay. */
  orders: { order: Omit<ShopifyOrder, "lineItems">; sourceUpdatedAt: Date }[];
}

type Value = string | number | null;

const KEY_COLUMNS = ["shop", "customerId", "keyId", "shopKeyVersion", "wrappedKey", "createdAt"] as const;
const KEY_INSERT = { table: "VaultCustomerKey", columns: KEY_COLUMNS, tail: `ON CONFLICT ("shop", "customerId") DO NOTHING` };

// Written when the stored row is not newer than the incoming one.
const VERSIONED_CUSTOMER_COLUMNS = [
  "sourceUpdatedAt", "createdAt", "syncedAt", "state", "ordersCount", "amountSpent", "currency", "dataSaleOptOut",
  "encryptedEmail", "encryptedPhone", "encryptedFirstName", "encryptedLastName", "encryptedAddress", "encryptedNote", "emailIndex", "phoneIndex",
] as const;
const CONSENT_CHANNELS = ["email", "sms"] as const;
const CUSTOMER_COLUMNS = [
  "shop", "customerId", ...VERSIONED_CUSTOMER_COLUMNS,
  ...CONSENT_CHANNELS.flatMap((channel) => [`${channel}MarketingState`, `${channel}MarketingUpdatedAt`]),
] as const;

const stored = (column: string) => `"Customer"."${column}"`;
const incoming = (column: string) => `excluded."${column}"`;
const customerIsNotNewer = `${stored("sourceUpdatedAt")} <= ${incoming("sourceUpdatedAt")}`;
// A reported consent applies unless a newer one is stored; one without a time only fills a gap.
const consentApplies = (channel: string) => {
  const [state, at] = [`${channel}MarketingState`, `${channel}MarketingUpdatedAt`];
  return `(${incoming(state)} IS NOT NULL AND CASE WHEN ${incoming(at)} IS NULL THEN ${stored(at)} IS NULL ELSE (${stored(at)} IS NULL OR ${stored(at)} <= ${incoming(at)}) END)`;
};
const whenThen = (condition: string, column: string) => `"${column}" = CASE WHEN ${condition} THEN ${incoming(column)} ELSE ${stored(column)} END`;
const CUSTOMER_UPSERT = {
  table: "Customer",
  columns: CUSTOMER_COLUMNS,
  tail: `ON CONFLICT ("shop", "customerId") DO UPDATE SET ${[
    ...VERSIONED_CUSTOMER_COLUMNS.map((column) => whenThen(customerIsNotNewer, column)),
    ...CONSENT_CHANNELS.flatMap((channel) => [`${channel}MarketingState`, `${channel}MarketingUpdatedAt`].map((column) => whenThen(consentApplies(channel), column))),
  ].join(", ")} WHERE ${[customerIsNotNewer, ...CONSENT_CHANNELS.map(consentApplies)].join(" OR ")}`,
};

const ORDER_COLUMNS = ["shop", "orderId", "customerId", "customerAnalyticsRef", "sourceUpdatedAt", "processedAt", "totalPrice", "currency", "financialStatus", "lineItems"] as const;
const ORDER_UPSERT = {
  table: "Order",
  columns: ORDER_COLUMNS,
  tail: `ON CONFLICT ("shop", "orderId") DO UPDATE SET ${ORDER_COLUMNS.slice(2, -1).map((column) => `"${column}" = excluded."${column}"`).join(", ")} WHERE "Order"."sourceUpdatedAt" <= excluded."sourceUpdatedAt"`,
};

type RowStatement = { table: string; columns: readonly string[]; tail: string };

const insertSql = ({ table, columns, tail }: RowStatement, rows: number, placeholder: (index: number) => string) => {
  const values = Array.from({ length: rows }, (_, row) => `(${columns.map((_, column) => placeholder(row * columns.length + column + 1)).join(", ")})`);
  return `INSERT INTO "${table}" (${columns.map((column) => `"${column}"`).join(", ")}) VALUES ${values.join(", ")} ${tail}`;
};

interface StoredKeyRow {
  customerId: string;
  keyId: string;
  shopKeyVersion: number;
  wrappedKey: string;
}

/** The driver side: one connection, one batch transaction at a time. */
export interface CustomerBatchConnection {
  storedKeys(shop: string, customerIds: string[]): Promise<StoredKeyRow[]>;
  /**
   * Runs `work` in one transaction for `shop` (on PostgreSQL under row-level security, as the app role
   * with the shop set); `write` returns how many rows its statement inserted or changed.
   */
  transaction<T>(shop: string, work: (write: (statement: RowStatement, rows: Value[][]) => Promise<number>) => Promise<T>): Promise<T>;
  value(value: unknown): Value;
  close(): Promise<void>;
}

function sqliteConnection(target: DatabaseTarget): CustomerBatchConnection {
  const connection = openSqlite(target);
  const keysOf = connection.prepare(
    `SELECT "customerId", "keyId", "shopKeyVersion", "wrappedKey" FROM "VaultCustomerKey" WHERE "shop" = ? AND "customerId" IN (SELECT value FROM json_each(?))`,
  );
  const prepared = new Map<RowStatement, ReturnType<typeof connection.prepare>>();
  const write = async (statement: RowStatement, rows: Value[][]) => {
    let single = prepared.get(statement);
    if (!single) prepared.set(statement, (single = connection.prepare(insertSql(statement, 1, () => "?"))));
    let changed = 0;
    for (const row of rows) changed += single.run(row).changes;
    return changed;
  };
  return {
    storedKeys: async (shop, customerIds) => keysOf.all(shop, JSON.stringify(customerIds)) as StoredKeyRow[],
    async transaction(_shop, work) {
      await beginWhenFree(connection);
      try {
        const result = await work(write);
        connection.exec("COMMIT");
        return result;
      } catch (error) {
        if (connection.inTransaction) connection.exec("ROLLBACK");
        throw error;
      }
    },
    value: (value) => (value instanceof Date ? sqliteTime(value) : typeof value === "boolean" ? Number(value) : ((value ?? null) as Value)),
    close: async () => {
      connection.close();
    },
  };
}

// PostgreSQL binds at most 65,535 parameters per statement.
const POSTGRES_PARAMETERS = 60_000;

function postgresConnection(target: DatabaseTarget): CustomerBatchConnection {
  const client = new pg.Client({ connectionString: target.url });
  const connected = client.connect();
  // A connection the server dropped fails the next statement; without a listener it would crash the process.
  client.on("error", () => {});
  const write = async (statement: RowStatement, rows: Value[][]) => {
    const perStatement = Math.floor(POSTGRES_PARAMETERS / statement.columns.length);
    let changed = 0;
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      changed += (await client.query(insertSql(statement, chunk.length, (index) => `$${index}`), chunk.flat())).rowCount ?? 0;
    }
    return changed;
  };
  // One connection serves any shop, so the role and the shop are set per transaction (decision 016).
  const asShop = async <T>(shop: string, work: () => Promise<T>) => {
    await connected;
    await client.query("BEGIN");
    try {
      await client.query(`SET LOCAL ROLE ${APP_ROLE}`);
      await client.query(`SELECT set_config('app.shop', $1, true)`, [shop]);
      const result = await work();
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    }
  };
  return {
    storedKeys(shop, customerIds) {
      const sql = `SELECT "customerId", "keyId", "shopKeyVersion", "wrappedKey" FROM "VaultCustomerKey" WHERE "shop" = $1 AND "customerId" = ANY($2::text[])`;
      return asShop(shop, async () => (await client.query<StoredKeyRow>(sql, [shop, customerIds])).rows);
    },
    transaction: (shop, work) => asShop(shop, () => work(write)),
    value: (value) => (value instanceof Date ? postgresTime(value) : ((value ?? null) as Value)),
    close: async () => {
      await connected.catch(() => {});
      await client.end();
    },
  };
}

export function openCustomerBatchConnection(target: DatabaseTarget): CustomerBatchConnection {
  return target.provider === "postgresql" ? postgresConnection(target) : sqliteConnection(target);
}

/** A batch ready to write: its rows encrypted, the keys of the customers new to the vault made. */
export interface PreparedCustomerBatch {
  shop: string;
  /** The customers the batch writes. */
  customerIds: string[];
  newKeys: Value[][];
  customers: Value[][];
  orders: Value[][];
  /** Customers this batch does not write (a key whose erasure epoch was destroyed): the caller's to upsert. */
  left: SyncedCustomer[];
}

/** Reads the stored keys of the batch's customers, makes the missing ones and encrypts every row. */
export async function prepareCustomerBatch({
  connection,
  vault,
  shop,
  customers,
  now = new Date(),
}: {
  connection: CustomerBatchConnection;
  vault: Vault;
  shop: string;
  customers: SyncedCustomer[];
  now?: Date;
}): Promise<PreparedCustomerBatch> {
  const storedKeys = new Map((await connection.storedKeys(shop, customers.map(({ customer }) => customer.id))).map((row) => [row.customerId, row]));
  const wrapping = storedKeys.size < customers.length ? await currentWrappingKey(vault, shop) : null;
  const value = (item: unknown) => connection.value(item);
  const batch: PreparedCustomerBatch = { shop, customerIds: [], newKeys: [], customers: [], orders: [], left: [] };
  for (const synced of customers) {
    const { customer, sourceUpdatedAt, orders } = synced;
    const storedKey = storedKeys.get(customer.id);
    let key: CachedKey;
    if (storedKey) {
      try {
        key = { id: storedKey.keyId, key: await unwrapCustomerKey(vault, { shop, ...storedKey }) };
      } catch (error) {
        // A restored key whose epoch is gone: the row-by-row upsert starts the customer afresh.
        if (!(error instanceof EpochDestroyedError)) throw error;
        batch.left.push(synced);
        continue;
      }
    } else {
      const made = makeCustomerKey({ shop, customerId: customer.id, ...wrapping! });
      key = made.key;
      batch.newKeys.push(KEY_COLUMNS.map((column) => value(column === "createdAt" ? now : made.row[column])));
    }
    batch.customerIds.push(customer.id);
    const columns: Record<string, unknown> = {
      shop,
      customerId: customer.id,
      syncedAt: now,
      ...(await customerColumns({ vault, shop, customer, cipher: customerCipher(shop, customer.id, key), sourceUpdatedAt })),
      emailMarketingState: customer.emailMarketingState,
      emailMarketingUpdatedAt: customer.emailMarketingState ? customer.emailMarketingUpdatedAt : null,
      smsMarketingState: customer.smsMarketingState,
      smsMarketingUpdatedAt: customer.smsMarketingState ? customer.smsMarketingUpdatedAt : null,
    };
    batch.customers.push(CUSTOMER_COLUMNS.map((column) => value(columns[column])));
    for (const { order, sourceUpdatedAt: orderUpdatedAt } of orders) {
      const row: Record<string, unknown> = { shop, orderId: order.id, lineItems: "[]", ...orderColumns(shop, order, orderUpdatedAt) };
      batch.orders.push(ORDER_COLUMNS.map((column) => value(row[column])));
    }
  }
  return batch;
}

class ConcurrentKeyWrite extends Error {}

/**
 * Writes a prepared batch in one transaction. Returns the ids of the customers it stored: none when a
 * concurrent writer (a webhook) made one of the batch's keys since it was prepared, in which case
 * nothing was written and, like `left`, they are the caller's to upsert row by row.
 */
export async function writeCustomerBatch({ connection, batch }: { connection: CustomerBatchConnection; batch: PreparedCustomerBatch }) {
  try {
    await connection.transaction(batch.shop, async (write) => {
      if ((await write(KEY_INSERT, batch.newKeys)) !== batch.newKeys.length) throw new ConcurrentKeyWrite();
      await write(CUSTOMER_UPSERT, batch.customers);
      await write(ORDER_UPSERT, batch.orders);
    });
  } catch (error) {
    if (error instanceof ConcurrentKeyWrite) return new Set<string>();
    throw error;
  }
  // Not put in the key cache: a sync touches every customer once, and would only push out the keys
  // that reads use (and keep more keys in memory than they need).
  return new Set(batch.customerIds);
}

/** Prepares and writes one batch; returns the ids stored (see writeCustomerBatch). */
export async function storeCustomerBatch(options: { connection: CustomerBatchConnection; vault: Vault; shop: string; customers: SyncedCustomer[] }) {
  return writeCustomerBatch({ connection: options.connection, batch: await prepareCustomerBatch(options) });
}
