// A separate process that keeps writing customers into the configured database, as a web process or
// worker would: `tsx harness/vault-writer.ts <shop> <first id> <count>`. Tests run it beside a backup
// to show the snapshot is taken from a live file another process is writing.
import { db } from "../app/db.server";
import { upsertCustomer } from "../app/vault/customers.server";
import { vault } from "../app/vault/vault.server";
import { sampleCustomer } from "./vault";

const [shop, first, count] = process.argv.slice(2);
for (let id = Number(first); id < Number(first) + Number(count); id++) {
  await upsertCustomer({ db: db(), vault: vault(), shop: shop!, customer: sampleCustomer(String(id)), sourceUpdatedAt: new Date("2025-05-01T00:00:00Z") });
}
await db().$disconnect();
process.exit(0);
