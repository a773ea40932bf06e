// The audit trail: who did what to whose data, per shop, as a hash chain. Each entry's hash covers
// the previous entry's hash, so removing or editing an entry in the middle is detectable
// (app/audit/verify-chain.server.ts checks it).
import { createHash } from "node:crypto";
import { config } from "../config.server";
import type { Db } from "../db.server";
import { newId } from "../ids.server";

export const GENESIS_HASH = "0".repeat(64);

/** The entry retention writes before removing a chain's oldest entries; it attests the new anchor. */
export const AUDIT_PRUNED_ACTION = "retention.audit-pruned";

export interface AuditInput {
  shop: string;
  /** "staff:<user id>", "job:<job name>", "shopify:<topic>", "cli:<command>", "system". */
  actor: string;
  action: string;
  /** A keyed hash of the data subject (see subjectRef()); never a raw identifier. */
  subjectRef?: string | null;
  detail?: Record<string, unknown>;
}

/** The hash an entry must carry: over its predecessor's hash and every field of its own. */
export function entryHash(prevHash: string, entry: { shop: string; seq: number; at: Date; actor: string; action: string; subjectRef: string | null; detail: string | null }) {
  const canonical = JSON.stringify([prevHash, entry.shop, entry.seq, entry.at.toISOString(), entry.actor, entry.action, entry.subjectRef, entry.detail]);
  return createHash("sha256").update(canonical).digest("hex");
}

/** The app's client, or a transaction of it. */
type AuditDb = Pick<Db, "auditEvent" | "$executeRaw"> & Partial<Pick<Db, "$transaction">>;

/**
 * Appends one entry. Appends of one shop are serialised: each runs in a transaction (the caller's,
 * or its own) that on PostgreSQL first takes a per-shop advisory lock; SQLite transactions already
 * hold the database's write lock. So no two appenders read the same last entry (on PostgreSQL a
 * conflict on the sequence number would abort the caller's whole transaction).
 */
export async function recordAudit(db: AuditDb, input: AuditInput, now = new Date()) {
  if (db.$transaction) return db.$transaction((tx) => appendAudit(tx, input, now));
  return appendAudit(db, input, now);
}

async function appendAudit(db: AuditDb, input: AuditInput, now: Date) {
  if (config().database.provider === "postgresql") await db.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`audit|${input.shop}`}))`;
  const last = await db.auditEvent.findFirst({ where: { shop: input.shop }, orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  const entry = {
    shop: input.shop,
    seq: (last?.seq ?? 0) + 1,
    at: now,
    actor: input.actor,
    action: input.action,
    subjectRef: input.subjectRef ?? null,
    detail: input.detail ? JSON.stringify(input.detail) : null,
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  return db.auditEvent.create({ data: { id: newId(), ...entry, prevHash, hash: entryHash(prevHash, entry) } });
}

/** The processing log of one data subject, oldest first. */
export async function listAuditForSubject({ db, shop, subjectRef }: { db: Db; shop: string; subjectRef: string }) {
  const events = await db.auditEvent.findMany({ where: { shop, subjectRef }, orderBy: { seq: "asc" } });
  return events.map((event) => ({
    at: event.at.toISOString(),
    actor: event.actor,
    action: event.action,
    detail: event.detail ? (JSON.parse(event.detail) as unknown) : null,
  }));
}
