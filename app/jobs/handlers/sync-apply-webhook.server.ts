import { z } from "zod";
import { applySyncWebhook } from "../../sync/apply-webhook.server";
import { vault } from "../../vault/vault.server";
import { DEFAULT_JOB_OPTIONS, defineJob } from "../job-definition.server";

/** Applies one received customer/order webhook to the vault (the payload stays sealed in the inbox). */
export const applySyncWebhookJob = defineJob({
  queue: "sync",
  name: "sync.apply-webhook",
  payload: z.object({ shop: z.string().min(1), deliveryId: z.string().min(1) }).strict(),
  options: DEFAULT_JOB_OPTIONS,
  handle: ({ shop, deliveryId }, { db }) => applySyncWebhook({ db, vault: vault(), shop, deliveryId }),
});
