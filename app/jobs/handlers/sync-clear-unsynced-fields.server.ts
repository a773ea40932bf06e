import { z } from "zod";
import { clearUnsyncedFields } from "../../sync/minimisation.server";
import { DEFAULT_JOB_OPTIONS, defineJob } from "../job-definition.server";

/** After the merchant turned a field off: clears it from every stored customer of the shop. */
export const clearUnsyncedFieldsJob = defineJob({
  queue: "sync",
  name: "sync.clear-unsynced-fields",
  payload: z.object({ shop: z.string().min(1) }).strict(),
  options: DEFAULT_JOB_OPTIONS,
  handle: ({ shop }, { db }) => clearUnsyncedFields({ db, shop }),
});
