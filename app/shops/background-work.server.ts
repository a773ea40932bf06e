// The shop's background work as staff see it: what has not finished long after it was queued, what
// could not be queued at all, and the staff action that queues the latter again once fixed.
import { recordAudit } from "../audit/audit-trail.server";
import type { Db } from "../db.server";
import { retryDeadLetter, type OutboxMessage } from "../jobs/outbox.server";

/** Queues every set-aside task of the shop again (audited); returns what to hand to relaySoon. */
export async function retrySetAsideWork({ db, shop, actor, now = new Date() }: { db: Db; shop: string; actor: string; now?: Date }) {
  const setAside = await db.outboxMessage.findMany({ where: { shop, deadAt: { not: null } }, select: { id: true, job: true } });
  const retried: Pick<OutboxMessage, "id" | "job">[] = [];
  for (const task of setAside) if (await retryDeadLetter({ db, shop, id: task.id, now })) retried.push(task);
  if (retried.length) await recordAudit(db, { shop, actor, action: "jobs.set-aside.retried", detail: { tasks: retried.length, jobs: [...new Set(retried.map((task) => task.job))] } }, now);
  return { retried: retried.length };
}
