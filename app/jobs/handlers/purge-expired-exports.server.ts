import { z } from "zod";
import { purgeExpiredExports } from "../../privacy/customer-export.server";
import { DEFAULT_JOB_OPTIONS, defineJob } from "../job-definition.server";

export const purgeExpiredExportsJob = defineJob({
  queue: "maintenance",
  name: "privacy.purge-expired-exports",
  payload: z.object({}).strict(),
  options: { ...DEFAULT_JOB_OPTIONS, attempts: 3 },
  handle: (_payload, { db }) => purgeExpiredExports({ db }),
});

export const PURGE_EXPIRED_EXPORTS_EVERY_MS = 3600 * 1000;
