// Erasing one customer (customers/redact): every holder erases what it has, including the orders
// Shopify names; a receipt records what went, naming the person only by a keyed hash.
import type { Db } from "../db.server";
import { namespaced, type CustomerDataHolder, type CustomerSubject, type ErasedCounts } from "./customer-data-holder.server";
import { writeRedactionReceipt } from "./redaction-receipts.server";

export async function eraseCustomerData({
  db,
  holders,
  subject,
  triggerId,
}: {
  db: Db;
  holders: CustomerDataHolder[];
  subject: CustomerSubject;
  triggerId: string;
}) {
  const erased: ErasedCounts = {};
  for (const holder of holders) Object.assign(erased, namespaced(holder.name, await holder.eraseCustomer({ db, subject })));
  const receipt = await writeRedactionReceipt({ db, shop: subject.shop, triggerId, scope: "customer", subjectRef: subject.subjectRef, erased });
  return { erased, receiptId: receipt.id };
}
