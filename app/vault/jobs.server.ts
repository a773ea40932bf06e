import { z } from "zod";
import type { Db } from "../db.server";
import { DEFAULT_JOB_OPTIONS, defineJobHandler, defineJobType, defineMaintenanceJobType } from "../jobs/job-definition.server";
import { recordSecurityEvent } from "../security/record-security-event.server";
import { rotateErasureEpochs } from "./erasure-epoch-rotation.server";
import { runShopKeyRotation } from "./shop-key-rotation.server";
import type { Vault } from "./vault.server";

/** Re-wraps a shop's customer keys under its new key version; a retry resumes from the stored cursor. */
export const rotateShopKeyJob = defineJobType({
  queue: "vault",
  name: "vault.rotate-shop-key",
  payload: z.object({ shop: z.string().min(1), rotationId: z.uuid() }).strict(),
  options: DEFAULT_JOB_OPTIONS,
});

/** Hourly: rotates and destroys the erasure epoch of every shop with erasures since its last one. */
export const rotateErasureEpochsJob = defineMaintenanceJobType("vault.rotate-erasure-epochs");

export const vaultJobHandlers = [
  defineJobHandler(rotateErasureEpochsJob, async (_payload, { db, vault }: { db: Db; vault: Vault }) => {
    const { shops, rewrapped, rotated } = await rotateErasureEpochs({ db, vault });
    // Each rotation destroys key material: the security log keeps a count per shop.
    for (const { shop } of rotated) recordSecurityEvent({ shop, kind: "vault.key-rotated" });
    return { shops, rewrapped };
  }),
  defineJobHandler(rotateShopKeyJob, ({ shop, rotationId }, { db, vault }: { db: Db; vault: Vault }) =>
    runShopKeyRotation({ db, vault, shop, rotationId }),
  ),
];
