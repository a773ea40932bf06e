// Every job the workers know how to run. A job name is unique within its queue.
import { eraseUninstalledShopJob } from "./handlers/erase-uninstalled-shop.server";
import { processPrivacyRequestJob } from "./handlers/process-privacy-request.server";
import { purgeExpiredExportsJob } from "./handlers/purge-expired-exports.server";
import { purgeExpiredSessionsJob } from "./handlers/purge-expired-sessions.server";
import { rotateShopKeyJob } from "./handlers/rotate-shop-key.server";
import type { JobDefinition } from "./job-definition.server";

export const JOBS: readonly JobDefinition[] = [
  processPrivacyRequestJob,
  eraseUninstalledShopJob,
  purgeExpiredSessionsJob,
  purgeExpiredExportsJob,
  rotateShopKeyJob,
];
