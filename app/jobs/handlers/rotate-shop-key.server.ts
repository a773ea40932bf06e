import { z } from "zod";
import { runShopKeyRotation } from "../../vault/shop-key-rotation.server";
import { vault } from "../../vault/vault.server";
import { DEFAULT_JOB_OPTIONS, defineJob } from "../job-definition.server";

/** Re-wraps a shop's customer keys under its new key version; a retry resumes from the stored cursor. */
export const rotateShopKeyJob = defineJob({
  queue: "vault",
  name: "vault.rotate-shop-key",
  payload: z.object({ shop: z.string().min(1), rotationId: z.uuid() }).strict(),
  options: DEFAULT_JOB_OPTIONS,
  handle: ({ shop, rotationId }, { db }) => runShopKeyRotation({ db, vault: vault(), shop, rotationId }),
});
