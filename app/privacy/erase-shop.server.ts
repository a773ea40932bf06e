// Erasing a shop (shop/redact, or 48 hours after an uninstall that was not undone): every holder
// erases all of the shop's rows, keys and Redis keys; a receipt that outlives the shop proves it.
// The receipt is written before the privacy module's own records go, so a crash in between leaves
// the request to retry and never an erasure without proof.
import type { Logger } from "pino";
import type { Db } from "../db.server";
import { namespaced, type CustomerDataHolder, type ErasedCounts } from "./customer-data-holder.server";
import { erasePrivacyRecords, privacyRecordsHolder } from "./privacy-records-holder.server";
import { writeRedactionReceipt } from "./redaction-receipts.server";
import { purgeErasedPages } from "./erase-customer.server";

export async function eraseShopData({
  db,
  holders,
  shop,
  triggerId,
  log,
}: {
  db: Db;
  holders: CustomerDataHolder[];
  shop: string;
  triggerId: string;
  log: Logger;
}) {
  // A request received from here on is left to be answered on its own (erasePrivacyRecords).
  const startedAt = new Date();
  const erased: ErasedCounts = {};
  const dataHolders = holders.filter((holder) => holder.name !== privacyRecordsHolder.name);
  for (const holder of dataHolders) Object.assign(erased, namespaced(holder.name, await holder.eraseShop({ db, shop })));
  const receipt = await writeRedactionReceipt({ db, shop, triggerId, scope: "shop", erased });
  const bookkeeping = await erasePrivacyRecords({ db, shop, receivedBefore: startedAt });
  await purgeErasedPages(db);
  log.info({ triggerId, receiptId: receipt.id, bookkeeping }, "shop erased");
  return { erased, receiptId: receipt.id };
}
