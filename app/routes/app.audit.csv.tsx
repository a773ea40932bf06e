// The audit log as CSV (resource route), with the same filters as the page; the export is audited.
// Each entry's actor as recorded, and next to it the staff member's name where the app knows it.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditLogCsv } from "../audit/audit-log.server";
import { staffActor } from "../audit/staff-actor.server";
import { shopDb } from "../db.server";
import { authenticate } from "../shopify.server";
import { staffActorNames } from "../staff/staff-directory.server";
import { vault } from "../vault/vault.server";
import { auditFiltersOf } from "../audit/audit-filters.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const { filters } = await auditFiltersOf({ db: shopDb(session.shop), shop: session.shop, request });
  const actorNames = await staffActorNames({ db: shopDb(session.shop), keys: vault(), shop: session.shop });
  const csv = await auditLogCsv({ db: shopDb(session.shop), shop: session.shop, filters, actor: staffActor(sessionToken), actorNames });
  const date = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="audit-log-${date}.csv"`, "Cache-Control": "no-store" },
  });
};
