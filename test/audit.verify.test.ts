// Audit chain verification (npm run audit:verify, app/audit/verify-chain.server.ts): tampering is
// found at the entry where it happened and named for what it was, retention's pruning leaves a chain
// that still verifies, and a moved anchor does not.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { recordAudit } from "../app/audit/audit-trail.server";
import { pruneAuditChain } from "../app/audit/prune-chain.server";
import { verifyAuditChain, verifyAuditChains } from "../app/audit/verify-chain.server";
import { db } from "../app/db.server";

const run = promisify(execFile);
const DAY_MS = 24 * 3600 * 1000;

async function chain(shop: string, entries: number, { daysAgo = () => 0 }: { daysAgo?: (index: number) => number } = {}) {
  for (let i = 0; i < entries; i++) {
    await recordAudit(db(), { shop, actor: "system", action: `test.${i + 1}`, detail: { n: i + 1 } }, new Date(Date.now() - daysAgo(i) * DAY_MS));
  }
}

/** Moves entry `from` to sequence number `to` (the unique index needs a detour). */
async function renumber(shop: string, from: number, to: number) {
  await db().auditEvent.updateMany({ where: { shop, seq: from }, data: { seq: to } });
}

function auditVerify(args: string[]) {
  return run(process.execPath, ["--import", "tsx", "scripts/audit-verify.ts", ...args], { env: process.env }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );
}

describe("audit chain verification", () => {
  it("given an entry's content changed, then the check names that entry and leaves other shops' chains ok", async () => {
    await chain("verify-changed.myshopify.com", 8);
    await chain("verify-intact.myshopify.com", 3);
    await db().auditEvent.updateMany({ where: { shop: "verify-changed.myshopify.com", seq: 5 }, data: { detail: JSON.stringify({ n: 50 }) } });

    const verdicts = await verifyAuditChains({ db: db() });

    expect(verdicts).toEqual([
      expect.objectContaining({ shop: "verify-changed.myshopify.com", ok: false, brokenAt: 5, problem: "changed", checked: 4 }),
      expect.objectContaining({ shop: "verify-intact.myshopify.com", ok: true, checked: 3, head: expect.objectContaining({ seq: 3 }) }),
    ]);
  });

  it("given an entry removed, with or without the later ones renumbered, then the check points at the missing entry", async () => {
    await chain("verify-removed.myshopify.com", 6);
    await db().auditEvent.deleteMany({ where: { shop: "verify-removed.myshopify.com", seq: 4 } });
    expect(await verifyAuditChain({ db: db(), shop: "verify-removed.myshopify.com" })).toMatchObject({ ok: false, brokenAt: 4, problem: "removed", checked: 3 });

    await chain("verify-renumbered.myshopify.com", 6);
    await db().auditEvent.deleteMany({ where: { shop: "verify-renumbered.myshopify.com", seq: 4 } });
    for (const seq of [5, 6]) await renumber("verify-renumbered.myshopify.com", seq, seq - 1);
    expect(await verifyAuditChain({ db: db(), shop: "verify-renumbered.myshopify.com" })).toMatchObject({ ok: false, brokenAt: 4, problem: "removed" });
  });

  it("given two entries swapped, then the check reports the first as reordered", async () => {
    const shop = "verify-reordered.myshopify.com";
    await chain(shop, 6);
    await renumber(shop, 3, 100);
    await renumber(shop, 4, 3);
    await renumber(shop, 100, 4);

    expect(await verifyAuditChain({ db: db(), shop })).toMatchObject({ ok: false, brokenAt: 3, problem: "reordered", checked: 2 });
  });

  it("given entries past retention pruned, then the chain verifies from its anchor; moving the anchor further breaks it", async () => {
    const shop = "verify-pruned.myshopify.com";
    await chain(shop, 10, { daysAgo: (i) => (i < 6 ? 400 : 1) });

    expect(await pruneAuditChain({ db: db(), shop, before: new Date(Date.now() - 30 * DAY_MS), actor: "job:retention.apply", batchSize: 4 })).toEqual({ pruned: 6 });

    expect(await db().auditEvent.count({ where: { shop, seq: { lte: 6 } } })).toBe(0);
    expect(await verifyAuditChain({ db: db(), shop })).toMatchObject({ ok: true, checked: 5, head: { seq: 11 } });

    // Hiding two more entries behind a moved anchor.
    const hidden = await db().auditEvent.findFirstOrThrow({ where: { shop, seq: 8 } });
    await db().auditEvent.deleteMany({ where: { shop, seq: { lte: 8 } } });
    await db().auditChainAnchor.update({ where: { shop }, data: { seq: 8, hash: hidden.hash } });
    expect(await verifyAuditChain({ db: db(), shop })).toMatchObject({ ok: false, problem: "anchor-unattested", brokenAt: 9 });
  });

  it("given a chain that does not verify, then retention keeps all of it", async () => {
    const shop = "verify-evidence.myshopify.com";
    await chain(shop, 5, { daysAgo: () => 400 });
    await db().auditEvent.updateMany({ where: { shop, seq: 2 }, data: { actor: "someone-else" } });

    const result = await pruneAuditChain({ db: db(), shop, before: new Date(), actor: "job:retention.apply" });

    expect(result).toMatchObject({ pruned: 0, refused: expect.stringContaining("entry 2") });
    expect(await db().auditEvent.count({ where: { shop } })).toBe(5);
  });

  it("given the command line, then it exits 0 for an intact chain and 1 naming the entry for a broken one", async () => {
    await chain("verify-cli-ok.myshopify.com", 3);
    await chain("verify-cli-bad.myshopify.com", 3);
    await db().auditEvent.deleteMany({ where: { shop: "verify-cli-bad.myshopify.com", seq: 2 } });

    const ok = await auditVerify(["verify-cli-ok.myshopify.com"]);
    expect(ok).toEqual({ code: 0, stdout: expect.stringMatching(/^verify-cli-ok\.myshopify\.com: ok, 3 entries, head 3 [0-9a-f]{64}\n$/) });

    const all = await auditVerify([]);
    expect(all.code).toBe(1);
    expect(all.stdout).toContain("verify-cli-bad.myshopify.com: BROKEN at entry 2 (removed)");
    expect(all.stdout).toContain("verify-cli-ok.myshopify.com: ok");

    expect((await auditVerify(["not a shop"])).code).toBe(2);
  }, 60_000);
});
