// After a restore, every erasure the journal holds that the restored snapshot may predate is applied
// again through every holder of personal data, so nothing erased comes back through a restore. The
// journal lives outside the main database, so the restore did not roll it back.
import type { Db } from "../db.server";
import type { CustomerDataHolder } from "../privacy/customer-data-holder.server";
import { subjectRef } from "../privacy/privacy-keys.server";
import type { ErasureJournal } from "../vault/erasure-journal.server";

export async function reapplyErasures({ db, holders, journal, snapshotStartedAt }: { db: Db; holders: CustomerDataHolder[]; journal: ErasureJournal; snapshotStartedAt: Date }) {
  const entries = await journal.entriesAfter(snapshotStartedAt);
  const counts = { customers: 0, shops: 0 };
  for (const entry of entries) {
    if (entry.kind === "shop") {
      for (const holder of holders) await holder.eraseShop({ db, shop: entry.shop });
      counts.shops++;
      continue;
    }
    const { shop, customerId, orderIds } = entry;
    const subject = { shop, customerId, orderIds, subjectRef: subjectRef({ shop, customerId }) };
    for (const holder of holders) await holder.eraseCustomer({ db, subject });
    counts.customers++;
  }
  return counts;
}
