// Tombstones: a customer erased by customers/redact has a redaction receipt naming them by their
// keyed subjectRef. The sync checks it before writing, so neither a late webhook nor a full sync
// brings an erased customer back.
import type { Db } from "../db.server";
import { shopRef, subjectRef } from "../privacy/privacy-keys.server";

export async function customerWasErased({ db, shop, customerId }: { db: Db; shop: string; customerId: string }): Promise<boolean> {
  const receipts = await db.redactionReceipt.count({ where: { shopRef: shopRef(shop), scope: "customer", subjectRef: subjectRef({ shop, customerId }) } });
  return receipts > 0;
}

/** Every erased customer of the shop, as subjectRefs: one query for a whole batch of a full sync. */
export async function erasedSubjectRefs({ db, shop }: { db: Db; shop: string }): Promise<Set<string>> {
  const receipts = await db.redactionReceipt.findMany({ where: { shopRef: shopRef(shop), scope: "customer" }, select: { subjectRef: true } });
  return new Set(receipts.flatMap((receipt) => (receipt.subjectRef ? [receipt.subjectRef] : [])));
}
