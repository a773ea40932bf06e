// The records of processing (GDPR Art. 30) as CSV or a printable HTML page (resource route), in the
// admin's language; the download is audited.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { staffActor } from "../audit/staff-actor.server";
import { config } from "../config.server";
import { downloadRecordsOfProcessing, RECORDS_FORMATS } from "../data-inventory/records-of-processing.server";
import { shopDb } from "../db.server";
import { parseOrBadRequest } from "../http/bad-request.server";
import { resolveLocale } from "../i18n/i18n";
import { authenticate } from "../shopify.server";

const params = z.object({ format: z.enum(RECORDS_FORMATS) });

export const loader = async ({ request, params: route }: LoaderFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const { format } = parseOrBadRequest(params, route);
  const records = await downloadRecordsOfProcessing({
    db: shopDb(session.shop),
    shop: session.shop,
    actor: staffActor(sessionToken),
    format,
    locale: resolveLocale(new URL(request.url).searchParams.get("locale")),
    emailConfigured: Boolean(config().SMTP_URL),
  });
  return new Response(records.body, {
    headers: { "Content-Type": records.contentType, "Content-Disposition": `attachment; filename="${records.filename}"`, "Cache-Control": "no-store" },
  });
};
