// npm run vault:rotate-master
// After putting a new VAULT_MASTER_KEY in place (and the old one in VAULT_PREVIOUS_MASTER_KEYS on
// every process): re-wraps every shop, index and purpose key under the new master key. Online and
// idempotent; once it reports nothing left, the old key can be removed from VAULT_PREVIOUS_MASTER_KEYS.
import "./lib/load-env.mjs";
import { db } from "../app/db.server";
import { processSecurityLog, recordSecurityEvent } from "../app/security/record-security-event.server";
import { rewrapUnderCurrentMasterKey } from "../app/vault/master-key-rotation.server";
import { vault } from "../app/vault/vault.server";

const result = await rewrapUnderCurrentMasterKey({ db: db(), vault: vault() });
console.log(
  `re-wrapped ${result.shopKeys} shop keys, ${result.indexKeys} index keys and ${result.purposeKeys} purpose keys under master key ${result.kekId}`,
);
// Deployment-wide: counted under no shop ("*").
recordSecurityEvent({ shop: null, kind: "vault.key-rotated" });
await processSecurityLog().stop();
await db().$disconnect();
