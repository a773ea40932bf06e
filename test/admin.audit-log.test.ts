// The admin's audit log page and its CSV export, through the real routes with signed session tokens.
import { USER_ID } from "@shopify/shopify-api/test-helpers";
import { describe, expect, it } from "vitest";
import { recordAudit } from "../app/audit/audit-trail.server";
import { verifyAuditChain } from "../app/audit/verify-chain.server";
import { db } from "../app/db.server";
import { dayStartInZone } from "../app/i18n/format";
import { loader as csvLoader } from "../app/routes/app.audit.csv";
import { loader as pageLoader } from "../app/routes/app.audit._index";
import { recordInstallation } from "../app/shops/installation.server";
import { adminRequest, installShop, respond, signInStaff } from "./helpers/shopify";

async function openLog(shop: string, query = "") {
  return respond(async () => pageLoader({ request: await adminRequest(`/app/audit${query}`, shop), params: {}, context: {} }));
}

async function exportCsv(shop: string, query = "") {
  return respond(async () => csvLoader({ request: await adminRequest(`/app/audit/csv${query}`, shop), params: {}, context: {} }));
}

/** Four entries over two days (shop time, Berlin), by staff and by a job. */
async function shopWithLog(shop: string) {
  await installShop(shop);
  await recordInstallation({ db: db(), shop });
  await db().shop.update({ where: { domain: shop }, data: { ianaTimezone: "Europe/Berlin" } });
  await recordAudit(db(), { shop, actor: "job:privacy.process-request", action: "privacy.export.generated", subjectRef: "ref-aaaa1111" }, new Date("2026-11-19T23:30:00Z"));
  await recordAudit(db(), { shop, actor: "staff:7", action: "privacy.export.downloaded", subjectRef: "ref-aaaa1111", detail: { format: "csv" } }, new Date("2026-11-20T08:00:00Z"));
  await recordAudit(db(), { shop, actor: "staff:7", action: "sync.fields.changed", detail: { phone: false } }, new Date("2026-11-20T22:59:00Z"));
  await recordAudit(db(), { shop, actor: "staff:8", action: "privacy.request.held", subjectRef: "ref-bbbb2222" }, new Date("2026-11-20T23:00:00Z"));
}

describe("audit log page", () => {
  it("given entries of two shops, then the page lists only this shop's, newest first, masked, and says the chain verifies", async () => {
    const shop = "audit-page.myshopify.com";
    await shopWithLog(shop);
    await shopWithLog("audit-page-other.myshopify.com");

    const response = await openLog(shop);

    expect(response.status).toBe(200);
    const body = await response.text();
    const data = JSON.parse(body);
    expect(data.entries.map((entry: { seq: number }) => entry.seq)).toEqual([4, 3, 2, 1]);
    expect(data.entries[0]).toMatchObject({ actor: "staff:8", action: "privacy.request.held", subject: "2222" });
    expect(data.actors).toEqual(["job:privacy.process-request", "staff:7", "staff:8"]);
    expect(data.chain).toMatchObject({ ok: true, checked: 4 });
    expect(body).not.toContain("ref-aaaa1111");
  });

  it("given filters by who, what and day (in the shop's zone), then only matching entries are listed", async () => {
    const shop = "audit-filters.myshopify.com";
    await shopWithLog(shop);
    const seqs = async (query: string) => (await (await openLog(shop, query)).json()).entries.map((entry: { seq: number }) => entry.seq);

    expect(await seqs("?actor=staff:7")).toEqual([3, 2]);
    expect(await seqs("?action=privacy.")).toEqual([4, 2, 1]);
    // 23:30 UTC on the 19th is already the 20th in Berlin (UTC+1); 23:00 UTC on the 20th is the 21st.
    expect(await seqs("?from=2026-11-20&to=2026-11-20")).toEqual([3, 2, 1]);
    expect(await seqs("?from=2026-11-21")).toEqual([4]);
    expect(await seqs("?actor=staff:7&action=sync.")).toEqual([3]);
  });

  it.each([["?from=20.11.2026", "from"], ["?page=0", "page"], [`?action=${"x".repeat(101)}`, "action"]])("given %s, then it answers 400 naming the parameter", async (query, name) => {
    const shop = "audit-bad.myshopify.com";
    await installShop(shop);
    const response = await openLog(shop, query);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toContain(name);
  });

  it("given an entry altered in the database, then the page says the log does not verify and from which entry", async () => {
    const shop = "audit-tampered.myshopify.com";
    await shopWithLog(shop);
    await db().auditEvent.updateMany({ where: { shop, seq: 2 }, data: { actor: "staff:99" } });

    expect((await (await openLog(shop)).json()).chain).toMatchObject({ ok: false, checked: 1, brokenAt: 2, problem: "changed" });
  });
});

describe("staff by name in the audit log", () => {
  it("given staff who opened the app, then the page and the CSV name them, keep the recorded actor, only this shop's names show, and the chain is the same", async () => {
    const shop = "audit-names.myshopify.com";
    await shopWithLog(shop);
    await signInStaff(shop, { userId: "7", firstName: "Ada", lastName: "Byron" });
    // Staff member 8 never opened the app; in another shop, user 8 has a name that must not show here.
    await installShop("audit-names-other.myshopify.com");
    await signInStaff("audit-names-other.myshopify.com", { userId: "8", firstName: "Other", lastName: "Shop" });
    const before = await db().auditEvent.findMany({ where: { shop }, orderBy: { seq: "asc" } });

    const page = await (await openLog(shop)).json();
    const csv = (await (await exportCsv(shop)).text()).trimEnd().split("\n");

    expect(page.staffNames).toEqual({ "staff:7": "Ada Byron" });
    expect(page.entries[0]).toMatchObject({ actor: "staff:8" });
    expect(csv.slice(1, 5).map((line) => line.split(",").slice(2, 4).join(","))).toEqual(["job:privacy.process-request,", "staff:7,Ada Byron", "staff:7,Ada Byron", "staff:8,"]);
    // Names are never written into the trail: the entries are as they were, and the chain verifies.
    expect(await db().auditEvent.findMany({ where: { shop, seq: { lte: 4 } }, orderBy: { seq: "asc" } })).toEqual(before);
    expect(JSON.stringify(await db().auditEvent.findMany({ where: { shop } }))).not.toMatch(/Byron|Other Shop/);
    expect((await verifyAuditChain({ db: db(), shop })).ok).toBe(true);
  });
});

describe("audit log CSV export", () => {
  it("given filters, then the CSV holds the matching entries oldest first with their hashes, and the export itself is audited", async () => {
    const shop = "audit-csv.myshopify.com";
    await shopWithLog(shop);

    const response = await exportCsv(shop, "?actor=staff:7");

    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const lines = (await response.text()).trimEnd().split("\n");
    expect(lines[0]).toBe("seq,at,actor,actor_name,action,subject_ref,detail,prev_hash,hash");
    expect(lines.slice(1).map((line) => line.split(",").slice(0, 5).join(","))).toEqual([
      "2,2026-11-20T08:00:00.000Z,staff:7,,privacy.export.downloaded",
      "3,2026-11-20T22:59:00.000Z,staff:7,,sync.fields.changed",
    ]);
    const stored = await db().auditEvent.findFirstOrThrow({ where: { shop, seq: 2 } });
    expect(lines[1]).toBe(`2,2026-11-20T08:00:00.000Z,staff:7,,privacy.export.downloaded,ref-aaaa1111,"{""format"":""csv""}",${stored.prevHash},${stored.hash}`);

    const exported = await db().auditEvent.findFirstOrThrow({ where: { shop, action: "audit.exported" } });
    expect(exported.actor).toBe(`staff:${USER_ID}`);
    expect(JSON.parse(exported.detail!)).toEqual({ rows: 2, actor: "staff:7" });
    expect((await verifyAuditChain({ db: db(), shop })).ok).toBe(true);
  });

  it("given a value starting like a spreadsheet formula, then the CSV cell is defused", async () => {
    const shop = "audit-formula.myshopify.com";
    await installShop(shop);
    await recordAudit(db(), { shop, actor: "staff:1", action: "=HYPERLINK(\"x\")" });
    const text = await (await exportCsv(shop)).text();
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
  });
});

describe("days in a time zone", () => {
  it("given a day across a daylight-saving change, then it starts at local midnight", () => {
    expect(dayStartInZone("2026-03-29", "Europe/Berlin").toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(dayStartInZone("2026-03-29", "Europe/Berlin", 1).toISOString()).toBe("2026-03-29T22:00:00.000Z");
    expect(dayStartInZone("2026-11-20", "Asia/Kolkata").toISOString()).toBe("2026-11-19T18:30:00.000Z");
    expect(dayStartInZone("2026-11-20", "UTC").toISOString()).toBe("2026-11-20T00:00:00.000Z");
  });
});
