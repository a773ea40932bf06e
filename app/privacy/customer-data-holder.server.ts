// Everything the app stores about a customer lives in a module that registers a holder here. A data
// request exports from every holder; an erasure erases from every holder. A new store of personal
// data is not done until it has a holder (and a test that its data is exported and erased).
import type { Db, Tx } from "../db.server";

export interface CustomerSubject {
  shop: string;
  customerId: string;
  subjectRef: string;
  orderIds: string[];
  /** The privacy request being answered. */
  requestId?: string;
}

/**
 * Where a category of exported data came from (GDPR Art. 15(1)(g)); each is described in
 * docs/schemas/customer-export.v1.json.
 */
export type DataSource =
  | "shopify_customer_webhooks"
  | "shopify_order_webhooks"
  | "shopify_consent_webhooks"
  | "shopify_full_sync"
  | "shopify_compliance_webhooks"
  | "app_records";

/** Counts of what was erased, by kind (rows, keys, jobs…): the content of a redaction receipt. */
export type ErasedCounts = Record<string, number>;

/** How far a holder's erasure of one subject got: the next batch to run and what the earlier ones erased. */
export interface ErasureCheckpoint {
  nextBatch: number;
  erased: ErasedCounts;
  /** The holder finished: a resumed erasure skips it and keeps these counts. */
  done?: boolean;
}

/**
 * Where a holder that erases in batches keeps its checkpoint, so a worker killed between batches
 * resumes after the last one committed. `save` runs inside the batch's own transaction.
 */
export interface ErasureProgress {
  load(): Promise<ErasureCheckpoint | null>;
  save(tx: Tx, checkpoint: ErasureCheckpoint): Promise<void>;
}

export interface CustomerDataHolder {
  /** The section name in exports and receipts. */
  name: string;
  /** Customer ids this holder knows for an email or phone, for requests that carry no customer id. */
  findCustomerIds?(args: { db: Db; shop: string; email?: string; phone?: string }): Promise<string[]>;
  /** `now`: when the export is generated (default: now); the request it answers is shown as completed then. */
  exportCustomer?(args: { db: Db; subject: CustomerSubject; now?: Date }): Promise<Record<string, unknown>>;
  /** For each category (key) of what exportCustomer returns, where its data came from. */
  sources?: Record<string, DataSource[]>;
  eraseCustomer(args: { db: Db; subject: CustomerSubject; progress?: ErasureProgress }): Promise<ErasedCounts>;
  eraseShop(args: { db: Db; shop: string }): Promise<ErasedCounts>;
}

/** Prefixes every count with the holder name, e.g. { "vault.customers": 1 }. */
export function namespaced(holder: string, counts: ErasedCounts): ErasedCounts {
  return Object.fromEntries(Object.entries(counts).map(([kind, count]) => [`${holder}.${kind}`, count]));
}
