// Erasing one customer (customers/redact): every holder erases what it has, including the orders
// Shopify names; a receipt records what went, naming the person only by a keyed hash. With `progress`
// (a privacy request's checkpoints), a resumed erasure skips the holders that finished and resumes
// the one that stopped between batches, so the receipt counts what every run erased.
import { truncateWriteAheadLog, type Db } from "../db.server";
import { namespaced, type CustomerDataHolder, type CustomerSubject, type ErasedCounts, type ErasureProgress } from "./customer-data-holder.server";
import { writeRedactionReceipt } from "./redaction-receipts.server";

export async function eraseCustomerData({
  db,
  holders,
  subject,
  triggerId,
  progress,
}: {
  db: Db;
  holders: CustomerDataHolder[];
  subject: CustomerSubject;
  triggerId: string;
  progress?: (holder: string) => ErasureProgress;
}) {
  const erased: ErasedCounts = {};
  for (const holder of holders) {
    const own = progress?.(holder.name);
    const saved = await own?.load();
    const counts = saved?.done ? saved.erased : await holder.eraseCustomer({ db, subject, progress: own });
    if (own && !saved?.done) await db.$transaction((tx) => own.save(tx, { nextBatch: 0, erased: counts, done: true }));
    Object.assign(erased, namespaced(holder.name, counts));
  }
  const receipt = await writeRedactionReceipt({ db, shop: subject.shop, triggerId, scope: "customer", subjectRef: subject.subjectRef, erased });
  await purgeErasedPages(db);
  return { erased, receiptId: receipt.id };
}

/**
 * The erased rows' old pages must not outlive the erasure in SQLite's write-ahead log. If readers keep
 * the log from being cut, the erasure fails and its job runs again (every step before is idempotent).
 */
export async function purgeErasedPages(db: Db) {
  if (!(await truncateWriteAheadLog(db))) throw new Error("the write-ahead log still holds erased pages: other connections kept reading for 10 s");
}
