import { describe, expect, it } from "vitest";
import { db } from "../db.server";
import { listAuditForSubject, recordAudit } from "./audit-trail.server";
import { verifyAuditChain } from "./verify-chain.server";

describe("audit trail", () => {
  it("given concurrent writers, then every entry gets its own sequence number and the chain verifies", async () => {
    const shop = "audit-concurrent.myshopify.com";
    await Promise.all(Array.from({ length: 20 }, (_, i) => recordAudit(db(), { shop, actor: "system", action: `test.${i}` })));
    const seqs = (await db().auditEvent.findMany({ where: { shop }, orderBy: { seq: "asc" } })).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await verifyAuditChain({ db: db(), shop })).toMatchObject({ ok: true, checked: 20, head: { seq: 20 } });
  });

  it("given an entry edited or removed in the middle, then verification points at where the chain breaks", async () => {
    const shop = "audit-tamper.myshopify.com";
    for (const action of ["a", "b", "c", "d"]) await recordAudit(db(), { shop, actor: "system", action });
    await db().auditEvent.updateMany({ where: { shop, seq: 2 }, data: { action: "innocent" } });
    expect(await verifyAuditChain({ db: db(), shop })).toMatchObject({ ok: false, checked: 1, brokenAt: 2, problem: "changed" });

    const other = "audit-gap.myshopify.com";
    for (const action of ["a", "b", "c"]) await recordAudit(db(), { shop: other, actor: "system", action });
    await db().auditEvent.deleteMany({ where: { shop: other, seq: 2 } });
    expect(await verifyAuditChain({ db: db(), shop: other })).toMatchObject({ ok: false, brokenAt: 2, problem: "removed" });
  });

  it("given entries about a subject in two shops, then each shop's log lists only its own", async () => {
    await recordAudit(db(), { shop: "audit-a.myshopify.com", actor: "job:x", action: "seen", subjectRef: "ref-1", detail: { n: 1 } });
    await recordAudit(db(), { shop: "audit-b.myshopify.com", actor: "job:x", action: "seen", subjectRef: "ref-1" });
    const log = await listAuditForSubject({ db: db(), shop: "audit-a.myshopify.com", subjectRef: "ref-1" });
    expect(log).toEqual([expect.objectContaining({ actor: "job:x", action: "seen", detail: { n: 1 } })]);
  });
});
