// The analytics dataset as the merchant downloads it from the admin: one zip, streamed while it is
// written. Whether the export may go ahead is settled before the answer starts (a refusal is an
// ordinary error answer, nothing produced); after that the archive is written in the background
// into the answer's body, and a failure breaks the body instead of finishing it.
import type { Logger } from "pino";
import type { Db } from "../db.server";
import type { Locale } from "../i18n/i18n";
import { dayInZone } from "../i18n/format";
import { allowAnalyticsExport, FORMAT_CHOICES, writeAnalyticsDataset, type ExportedTable, type FormatChoice } from "./export-analytics.server";
import { DownloadCancelledError, zipTarget } from "./zip-target.server";

/** Throws RecipientAgreementError (or ShopNotInstalledError) before anything is produced. */
export async function startAnalyticsDownload({
  db,
  shop,
  actor,
  format,
  recipientId,
  locale,
  signal,
  log,
}: {
  db: Db;
  shop: string;
  actor: string;
  format: FormatChoice;
  recipientId?: string;
  locale: Locale;
  /** The request's: a merchant who goes away stops the export, which is then not recorded. */
  signal?: AbortSignal;
  log: Logger;
}): Promise<{ filename: string; body: ReadableStream<Uint8Array>; done: Promise<ExportedTable[] | null> }> {
  const allowed = await allowAnalyticsExport({ db, shop, recipientId });
  const { target, body } = zipTarget({ signal, modifiedAt: allowed.now });
  // `done`: the tables written, or null when the archive was broken off (and nothing recorded).
  const done = writeAnalyticsDataset({ db, allowed, target, formats: FORMAT_CHOICES[format], actor, locale }).catch((error: unknown) => {
    if (error instanceof DownloadCancelledError) log.info({ shop }, "analytics download cancelled by the browser; nothing recorded");
    else log.error({ shop, err: error }, "analytics download failed part way; the archive was broken off and nothing recorded");
    return null;
  });
  return { filename: `${shop}-analytics-${dayInZone(allowed.now, allowed.timeZone)}.zip`, body, done };
}
