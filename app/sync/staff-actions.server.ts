// What a merchant's staff can do to the sync from the admin, as one audited transaction each; the
// job that does the work is queued in the same transaction (outbox) and carries the shop only.
import { recordAudit } from "../audit/audit-trail.server";
import type { Db } from "../db.server";
import { clearUnsyncedFieldsJob, startFullSyncJob } from "./jobs.server";
import { addToOutbox } from "../jobs/outbox.server";
import { saveSyncedFields, type SyncedFields } from "./minimisation.server";

export async function requestFullSync({ db, shop, actor, now = new Date() }: { db: Db; shop: string; actor: string; now?: Date }) {
  return db.$transaction(async (tx) => {
    await recordAudit(tx, { shop, actor, action: "sync.full.requested" }, now);
    return addToOutbox(tx, { shop, job: startFullSyncJob, payload: { shop } });
  });
}

/** Saves which optional fields are synced; a field turned off is cleared from stored customers by a job. */
export async function changeSyncedFields({ db, shop, actor, fields, now = new Date() }: { db: Db; shop: string; actor: string; fields: SyncedFields; now?: Date }) {
  return db.$transaction(async (tx) => {
    const turnedOff = await saveSyncedFields({ db: tx, shop, fields });
    await recordAudit(tx, { shop, actor, action: "sync.fields.changed", detail: { ...fields } }, now);
    const outbox = turnedOff.length ? await addToOutbox(tx, { shop, job: clearUnsyncedFieldsJob, payload: { shop } }) : null;
    return { turnedOff, outbox };
  });
}
