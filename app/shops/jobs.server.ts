// The shops module's job types. The code that runs them is in job-handlers.server.ts.
import { z } from "zod";
import { DEFAULT_JOB_OPTIONS, defineJobType } from "../jobs/job-definition.server";

/** Reads the shop's settings the admin needs from Shopify (its time zone). */
export const fetchShopDetailsJob = defineJobType({
  queue: "sync",
  name: "shops.fetch-details",
  payload: z.object({ shop: z.string().min(1) }).strict(),
  options: { ...DEFAULT_JOB_OPTIONS, attempts: 5 },
});
