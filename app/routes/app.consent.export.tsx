// The shop's consent receipts for a period as a CSV file: authenticated, scoped by shop, streamed,
// never cached, and audited.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { staffActor } from "../audit/staff-actor.server";
import { exportConsentReceipts } from "../consent/receipt-export.server";
import { shopDb } from "../db.server";
import { parseQueryOrBadRequest } from "../http/bad-request.server";
import { authenticate } from "../shopify.server";

const DAY_MS = 24 * 3600 * 1000;
/** Retention keeps receipts for a limited time anyway; a year per file is plenty. */
const MAX_EXPORT_DAYS = 366;

const isoDay = z.iso.date({ error: "must be a date like 2026-11-29" });
const exportQuery = z
  .object({ from: isoDay, to: isoDay })
  .refine(({ from, to }) => from <= to, { error: "from must not be after to", path: ["from"] })
  .refine(({ from, to }) => (Date.parse(to) - Date.parse(from)) / DAY_MS < MAX_EXPORT_DAYS, { error: `the period must be at most ${MAX_EXPORT_DAYS} days`, path: ["to"] });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const { from, to } = parseQueryOrBadRequest(exportQuery, request);
  // Both days included: up to the start of the day after `to` (UTC).
  const stream = await exportConsentReceipts({
    db: shopDb(session.shop),
    shop: session.shop,
    from: new Date(`${from}T00:00:00Z`),
    to: new Date(Date.parse(`${to}T00:00:00Z`) + DAY_MS),
    actor: staffActor(sessionToken),
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="consent-receipts-${from}-to-${to}.csv"`,
      "Cache-Control": "no-store",
    },
  });
};
