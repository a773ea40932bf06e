// The admin's audit log: a shop's hash-chained audit trail, filtered by actor, action and date, paged,
// and as CSV with the chain's hashes so anyone can re-check it outside the app. Scoped by shop.
// Entries name staff by user id ("staff:42"), which the hashes cover; their names are looked up when
// shown (`actorNames`), never written into an entry.
import type { Db } from "../db.server";
import { recordAudit } from "./audit-trail.server";

export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilters {
  /** Exact actor ("staff:42", "job:privacy.process-request", "shopify:data_request"). */
  actor?: string;
  /** Action or its prefix ("privacy." matches every privacy action). */
  action?: string;
  /** Inclusive, as instants (the route turns dates in the shop's zone into them). */
  from?: Date;
  to?: Date;
}

function whereOf(shop: string, { actor, action, from, to }: AuditFilters) {
  return {
    shop,
    ...(actor ? { actor } : {}),
    ...(action ? { action: { startsWith: action } } : {}),
    ...(from || to ? { at: { ...(from ? { gte: from } : {}), ...(to ? { lte: to } : {}) } } : {}),
  };
}

/** Who can appear as an actor, for the filter's choices. */
export async function auditActors({ db, shop }: { db: Db; shop: string }): Promise<string[]> {
  const rows = await db.auditEvent.groupBy({ by: ["actor"], where: { shop }, orderBy: { actor: "asc" } });
  return rows.map((row) => row.actor);
}

export async function listAuditLog({ db, shop, filters, page }: { db: Db; shop: string; filters: AuditFilters; page: number }) {
  const where = whereOf(shop, filters);
  const [rows, matching] = await Promise.all([
    db.auditEvent.findMany({ where, orderBy: { seq: "desc" }, skip: (page - 1) * AUDIT_PAGE_SIZE, take: AUDIT_PAGE_SIZE }),
    db.auditEvent.count({ where }),
  ]);
  return {
    entries: rows.map((row) => ({
      seq: row.seq,
      at: row.at.toISOString(),
      actor: row.actor,
      action: row.action,
      // The keyed reference's end, like a request's "Customer …7f3a": enough to tell entries apart.
      subject: row.subjectRef ? row.subjectRef.slice(-4) : null,
    })),
    page,
    matching,
    hasPrevious: page > 1,
    hasNext: page * AUDIT_PAGE_SIZE < matching,
  };
}

export const csvCell = (value: string | number | null) => {
  const text = value === null ? "" : String(value);
  // Quoted when needed; a leading formula character is defused for spreadsheet programs.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/**
 * The filtered log as CSV, oldest first, with each entry's previous hash and hash. The export itself
 * is recorded in the trail (after the rows it contains), naming the filters used.
 */
export async function auditLogCsv({
  db,
  shop,
  filters,
  actor,
  actorNames = new Map(),
}: {
  db: Db;
  shop: string;
  filters: AuditFilters;
  actor: string;
  /** Names of staff actors, for the `actor_name` column; `actor` stays as recorded (the hash covers it). */
  actorNames?: ReadonlyMap<string, string>;
}): Promise<string> {
  const lines = ["seq,at,actor,actor_name,action,subject_ref,detail,prev_hash,hash"];
  const where = whereOf(shop, filters);
  for (let cursor = 0; ; ) {
    const page = await db.auditEvent.findMany({ where: { ...where, seq: { gt: cursor } }, orderBy: { seq: "asc" }, take: 1000 });
    for (const row of page) {
      lines.push([row.seq, row.at.toISOString(), row.actor, actorNames.get(row.actor) ?? null, row.action, row.subjectRef, row.detail, row.prevHash, row.hash].map(csvCell).join(","));
    }
    if (page.length < 1000) break;
    cursor = page.at(-1)!.seq;
  }
  await recordAudit(db, {
    shop,
    actor,
    action: "audit.exported",
    detail: { rows: lines.length - 1, ...Object.fromEntries(Object.entries(filters).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value])) },
  });
  return `${lines.join("\n")}\n`;
}
