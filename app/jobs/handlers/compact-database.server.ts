import { z } from "zod";
import { config } from "../../config.server";
import { compactDatabase } from "../../maintenance/compact-database.server";
import { DEFAULT_JOB_OPTIONS, defineJob } from "../job-definition.server";

/** Queued after every erasure. Erasures in a burst share one run: while one waits, others are dropped. */
export const compactDatabaseJob = defineJob({
  queue: "maintenance",
  name: "database.compact",
  payload: z.object({}).strict(),
  options: { ...DEFAULT_JOB_OPTIONS, attempts: 20, delay: 2_000, deduplication: { id: "database.compact" } },
  handle: (_payload, { db }) => compactDatabase({ db, provider: config().database.provider }),
});

/** Outbox rows of jobs that concern no single shop carry this in place of a shop domain. */
export const NO_SHOP = "";
