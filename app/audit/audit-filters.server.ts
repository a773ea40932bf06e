// The audit log's filters as the page and its CSV export read them from the query: dates are whole
// days in the shop's time zone.
import { z } from "zod";
import type { Db } from "../db.server";
import { parseQueryOrBadRequest } from "../http/bad-request.server";
import { dayStartInZone } from "../i18n/format";
import { shopTimeZone } from "../shops/time-zone.server";
import type { AuditFilters } from "./audit-log.server";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date like 2026-11-20");

const auditQuery = z.object({
  actor: z.string().max(200).optional(),
  action: z.string().max(100).optional(),
  from: day.optional(),
  to: day.optional(),
  page: z.coerce.number().int().min(1).default(1),
});

export async function auditFiltersOf({ db, shop, request }: { db: Db; shop: string; request: Request }): Promise<{ filters: AuditFilters; page: number }> {
  const query = parseQueryOrBadRequest(auditQuery, request);
  const zone = await shopTimeZone({ db, shop });
  return {
    page: query.page,
    filters: {
      actor: query.actor || undefined,
      action: query.action || undefined,
      from: query.from ? dayStartInZone(query.from, zone) : undefined,
      // Up to the last millisecond of the day.
      to: query.to ? new Date(dayStartInZone(query.to, zone, 1).getTime() - 1) : undefined,
    },
  };
}
