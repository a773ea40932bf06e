// npm run vault:rotate-shop-key -- <shop>
// Creates a new data key version for the shop and queues the job that re-wraps its customer keys
// (a running worker picks it up). Running it again while a rotation is unfinished re-queues that one.
import "./lib/load-env.mjs";
import { db } from "../app/db.server";
import { rotateShopKeyJob } from "../app/vault/jobs.server";
import { enqueue, queues } from "../app/jobs/queues.server";
import { processSecurityLog, recordSecurityEvent } from "../app/security/record-security-event.server";
import { startShopKeyRotation } from "../app/vault/shop-key-rotation.server";
import { vault } from "../app/vault/vault.server";

const shop = process.argv[2];
if (!shop || !/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(shop)) {
  console.error("Usage: npm run vault:rotate-shop-key -- <shop>.myshopify.com");
  process.exit(1);
}
const { rotationId, toVersion } = await startShopKeyRotation({ db: db(), vault: vault(), shop });
// The rotation id as job id: re-running the command does not queue the same rotation twice.
await enqueue(queues(), rotateShopKeyJob, { shop, rotationId }, { jobId: `rotate-shop-key-${rotationId}` });
console.log(`rotation ${rotationId} to shop key version ${toVersion} queued; a worker re-wraps the customer keys`);
recordSecurityEvent({ shop, kind: "vault.key-rotated" });
await processSecurityLog().stop();
await queues().close();
await db().$disconnect();
