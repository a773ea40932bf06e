// Every holder of personal data in the app, in the order erasure runs: queued work first, jobs and
// sync payloads not yet applied (so nothing re-creates what is being erased), then the stores, the
// privacy module's own records last.
import { QUEUE_NAMES } from "../jobs/job-definition.server";
import { queuedJobsHolder } from "../jobs/queued-jobs-holder.server";
import type { Queues } from "../jobs/queues.server";
import { shopRecordsHolder } from "../shops/shop-records-holder.server";
import { syncHolder } from "../sync/sync-holder.server";
import { vaultHolder } from "../vault/vault-holder.server";
import type { Vault } from "../vault/vault.server";
import type { CustomerDataHolder } from "./customer-data-holder.server";
import { privacyRecordsHolder } from "./privacy-records-holder.server";

export function customerDataHolders({ queues, redisPrefix, vault }: { queues: Queues; redisPrefix: string; vault: Vault }): CustomerDataHolder[] {
  return [
    queuedJobsHolder({ queues, queueNames: QUEUE_NAMES, prefix: redisPrefix }),
    syncHolder,
    vaultHolder(vault),
    shopRecordsHolder,
    privacyRecordsHolder,
  ];
}
