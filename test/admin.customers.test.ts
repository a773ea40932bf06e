// The Customers page and step-up MFA through the real routes: session tokens signed with the app
// secret for two staff members of one shop (and one of another shop), customers written by the
// vault's own upsert, TOTP codes computed from the enrolled secret at a given time as an
// authenticator app would, and the audit trail and security log read back from the database.
import { afterEach, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../app/audit/verify-chain.server";
import { db } from "../app/db.server";
import { subjectRef } from "../app/privacy/privacy-keys.server";
import { loader as customerLoader, action as customerAction } from "../app/routes/app.customers.$id";
import { loader as listLoader } from "../app/routes/app.customers._index";
import { loader as exportLoader } from "../app/routes/app.requests.$id.export.$format";
import { action as settingsAction } from "../app/routes/app.settings";
import { action as securityAction, loader as securityLoader } from "../app/routes/app.settings_.security";
import { action as stepUpAction } from "../app/routes/app.step-up";
import { processSecurityLog } from "../app/security/record-security-event.server";
import { recordInstallation } from "../app/shops/installation.server";
import { totpCodeAt } from "../app/staff/totp.server";
import { upsertCustomer } from "../app/vault/customers.server";
import { vault } from "../app/vault/vault.server";
import { expectErrorLog } from "./helpers/error-logs";
import { adminRequest, installShop, respond, signInStaff } from "./helpers/shopify";

const ALLOWED = "70001";
const NOT_ALLOWED = "70002";
const STEP_MS = 30_000;

async function shopWithCustomer(shop: string, customerId = "9001", email = "ada.lovelace@example.org") {
  await installShop(shop);
  await recordInstallation({ db: db(), shop });
  const customer = { id: customerId, createdAt: new Date("2025-02-03T15:00:00Z"), email, phone: "+44 20 7946 0018", firstName: "Ada", lastName: "Lovelace", note: "Prefers email" };
  await upsertCustomer({ db: db(), vault: vault(), shop, customer, sourceUpdatedAt: new Date("2026-11-01T15:00:00Z") });
}

const post = (path: string, shop: string, userId: string, form: Record<string, string>) => adminRequest(path, shop, { userId, form });
const security = async (shop: string, userId: string, form: Record<string, string>) =>
  respond(async () => securityAction({ request: await post("/app/settings/security", shop, userId, form), params: {}, context: {} }));
const stepUp = async (shop: string, userId: string, code: string) => respond(async () => stepUpAction({ request: await post("/app/step-up", shop, userId, { code }), params: {}, context: {} }));
const reveal = async (shop: string, userId: string, id: string, reason = "Answering the customer's email") =>
  respond(async () => customerAction({ request: await post(`/app/customers/${id}`, shop, userId, { reason }), params: { id }, context: {} }));
const openCustomer = async (shop: string, userId: string, id: string) =>
  respond(async () => customerLoader({ request: await adminRequest(`/app/customers/${id}`, shop, { userId }), params: { id }, context: {} }));
const openList = async (shop: string, userId: string, query = "") =>
  respond(async () => listLoader({ request: await adminRequest(`/app/customers${query}`, shop, { userId }), params: {}, context: {} }));
const auditOf = (shop: string, action: string) => db().auditEvent.findMany({ where: { shop, action }, orderBy: { seq: "asc" } });

/** Enrols the staff member as they would: start, scan (here: read the secret), enter the current code. */
async function enrol(shop: string, userId: string) {
  const started = await security(shop, userId, { intent: "enrol-start" });
  const { secret, qrSvg } = (await started.json()) as { secret: string; qrSvg: string };
  const confirmed = await security(shop, userId, { intent: "enrol-confirm", code: totpCodeAt(secret, new Date()) });
  const { recoveryCodes } = (await confirmed.json()) as { recoveryCodes: string[] };
  return { secret, qrSvg, recoveryCodes, confirmedAt: Date.now() };
}

afterEach(async () => {
  await processSecurityLog().flush();
});

describe("TOTP enrolment", () => {
  it("given a staff member, when they enrol, then the QR code names the secret, the secret is stored sealed, a wrong code is refused and the right one hands out ten recovery codes once", async () => {
    const shop = "mfa-enrol.myshopify.com";
    await shopWithCustomer(shop);

    const started = await security(shop, ALLOWED, { intent: "enrol-start" });
    expect(started.status).toBe(200);
    const { secret, qrSvg } = (await started.json()) as { secret: string; qrSvg: string };
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const stored = await db().staffMfa.findUniqueOrThrow({ where: { shop_userId: { shop, userId: ALLOWED } } });
    expect(stored.pendingSecret).toMatch(/^s2\./);
    expect(JSON.stringify(stored)).not.toContain(secret);

    const wrongCode = String((Number(totpCodeAt(secret, new Date())) + 1) % 1_000_000).padStart(6, "0");
    const wrong = await security(shop, ALLOWED, { intent: "enrol-confirm", code: wrongCode });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ failure: "wrong-code" });
    expect((await db().staffMfa.findUniqueOrThrow({ where: { shop_userId: { shop, userId: ALLOWED } } })).confirmedAt).toBeNull();

    const confirmed = await security(shop, ALLOWED, { intent: "enrol-confirm", code: totpCodeAt(secret, new Date()) });
    expect(confirmed.status).toBe(200);
    const { recoveryCodes } = (await confirmed.json()) as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const hashes = await db().staffRecoveryCode.findMany({ where: { shop, userId: ALLOWED } });
    expect(hashes).toHaveLength(10);
    expect(JSON.stringify(hashes)).not.toContain(recoveryCodes[0]!.replace("-", ""));
    expect(await auditOf(shop, "mfa.enrolled")).toHaveLength(1);
    expect(await auditOf(shop, "mfa.step-up-failed")).toHaveLength(1);

    const page = await respond(async () => securityLoader({ request: await adminRequest("/app/settings/security", shop, { userId: ALLOWED }), params: {}, context: {} }));
    expect(await page.json()).toMatchObject({ userId: ALLOWED, recoveryCodesLeft: 10, stepUp: { enrolled: true, required: true, activeUntil: null } });
  });

  it("given an enrolled staff member, when they start over without a step-up, then it is refused and the enrolment stays as it was", async () => {
    const shop = "mfa-re-enrol.myshopify.com";
    await shopWithCustomer(shop);
    await enrol(shop, ALLOWED);
    const before = await db().staffMfa.findUniqueOrThrow({ where: { shop_userId: { shop, userId: ALLOWED } } });

    const again = await security(shop, ALLOWED, { intent: "enrol-start" });

    expect(again.status).toBe(403);
    expect(await again.json()).toMatchObject({ denied: "step-up-required" });
    expect(await db().staffMfa.findUniqueOrThrow({ where: { shop_userId: { shop, userId: ALLOWED } } })).toMatchObject({ sealedSecret: before.sealedSecret, pendingSecret: null });
    expect((await auditOf(shop, "staff.denied")).map((entry) => JSON.parse(entry.detail!))).toEqual([{ operation: "mfa.re-enrol", reason: "step-up-required" }]);
  });
});

describe("step-up", () => {
  it("given an enrolled staff member, then the next code opens a window once, the same code again is refused as replayed, and a recovery code works exactly once", async () => {
    const shop = "mfa-step-up.myshopify.com";
    await shopWithCustomer(shop);
    const { secret, recoveryCodes } = await enrol(shop, ALLOWED);

    // The code the enrolment used is spent: the authenticator's next code (one step later) is accepted.
    const sameAsEnrolment = await stepUp(shop, ALLOWED, totpCodeAt(secret, new Date()));
    expect(await sameAsEnrolment.json()).toMatchObject({ verified: false, failure: "replayed" });
    const nextCode = totpCodeAt(secret, new Date(Date.now() + STEP_MS));
    const verified = await stepUp(shop, ALLOWED, nextCode);
    expect(verified.status).toBe(200);
    const { until } = (await verified.json()) as { until: string };
    expect(Date.parse(until) - Date.now()).toBeGreaterThan(4 * 60_000);
    expect(Date.parse(until) - Date.now()).toBeLessThanOrEqual(5 * 60_000);

    const replayed = await stepUp(shop, ALLOWED, nextCode);
    expect(replayed.status).toBe(403);
    expect(await replayed.json()).toMatchObject({ failure: "replayed" });

    const recovery = await stepUp(shop, ALLOWED, recoveryCodes[3]!.toUpperCase());
    expect(await recovery.json()).toMatchObject({ verified: true });
    const spentAgain = await stepUp(shop, ALLOWED, recoveryCodes[3]!);
    expect(await spentAgain.json()).toMatchObject({ verified: false, failure: "wrong-code" });

    expect((await auditOf(shop, "mfa.stepped-up")).map((entry) => JSON.parse(entry.detail!))).toEqual([{ method: "totp" }, { method: "recovery-code" }]);
    expect((await auditOf(shop, "mfa.step-up-failed")).map((entry) => JSON.parse(entry.detail!))).toEqual([{ reason: "replayed" }, { reason: "replayed" }, { reason: "wrong-code" }]);
    await processSecurityLog().flush();
    const counted = await db().securityEventCount.aggregate({ where: { shop, kind: "mfa.step-up-failed" }, _sum: { count: true } });
    expect(counted._sum.count).toBe(3);
  });

  it("given five wrong codes, then code entry is locked and even the right code is refused until the lock ends", async () => {
    const shop = "mfa-lockout.myshopify.com";
    await shopWithCustomer(shop);
    const { secret } = await enrol(shop, ALLOWED);
    expectErrorLog(/security alert/);

    for (let attempt = 0; attempt < 5; attempt++) expect((await stepUp(shop, ALLOWED, "000000")).status).toBe(403);
    const locked = await stepUp(shop, ALLOWED, totpCodeAt(secret, new Date(Date.now() + STEP_MS)));

    expect(locked.status).toBe(429);
    expect(await locked.json()).toMatchObject({ failure: "locked" });
    const row = await db().staffMfa.findUniqueOrThrow({ where: { shop_userId: { shop, userId: ALLOWED } } });
    expect(row.lockedUntil!.getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(row.stepUpUntil).toBeNull();
  });

  it("given a malformed code, then 400 and nothing is counted", async () => {
    const shop = "mfa-malformed.myshopify.com";
    await shopWithCustomer(shop);
    await enrol(shop, ALLOWED);

    expect((await stepUp(shop, ALLOWED, "12")).status).toBe(400);
    expect(await auditOf(shop, "mfa.step-up-failed")).toHaveLength(0);
  });
});

describe("customers list and search", () => {
  it("given synced customers, then the list and the searches by email, phone and Shopify id show masked values only", async () => {
    const shop = "customers-list.myshopify.com";
    await shopWithCustomer(shop);

    for (const query of ["", "?q=Ada.Lovelace%40example.org", "?q=%2B442079460018", "?q=9001", "?q=gid%3A%2F%2Fshopify%2FCustomer%2F9001"]) {
      const response = await openList(shop, NOT_ALLOWED, query);
      expect(response.status).toBe(200);
      const { customers } = (await response.json()) as { customers: unknown[] };
      expect(customers).toEqual([{ customerId: "9001", email: "a•••@e•••.org", phone: "•••18", name: "A••• L•••", createdAt: "2025-02-03T15:00:00.000Z", ordersCount: null }]);
    }
    expect((await (await openList(shop, NOT_ALLOWED, "?q=nobody%40example.org")).json()).customers).toEqual([]);
    expect((await openList(shop, NOT_ALLOWED, "?page=0")).status).toBe(400);
  });

  it("given customers in shops A and B, then shop B's staff never find or open shop A's customer", async () => {
    const shopA = "customers-a.myshopify.com";
    const shopB = "customers-b.myshopify.com";
    await shopWithCustomer(shopA, "9100", "only-in-a@example.org");
    await shopWithCustomer(shopB, "9200", "only-in-b@example.org");

    const listB = await (await openList(shopB, ALLOWED)).json();
    expect(listB.customers.map((customer: { customerId: string }) => customer.customerId)).toEqual(["9200"]);
    expect((await (await openList(shopB, ALLOWED, "?q=only-in-a%40example.org")).json()).customers).toEqual([]);
    expect((await (await openList(shopB, ALLOWED, "?q=9100")).json()).customers).toEqual([]);
    expect((await openCustomer(shopB, ALLOWED, "9100")).status).toBe(404);
    expect((await reveal(shopB, ALLOWED, "9100")).status).toBe(404);
  });
});

describe("revealing a customer", () => {
  it("given one staff member allowed and one not, then only the allowed one, after a step-up, sees the data, and every reveal and refusal is in the audit trail and the security log", async () => {
    const shop = "reveal-two-staff.myshopify.com";
    await shopWithCustomer(shop);
    const subject = subjectRef({ shop, customerId: "9001" });

    // Nobody holds the permission yet, so the first grant bootstraps it.
    expect((await security(shop, ALLOWED, { intent: "permission", userId: ALLOWED, mayReveal: "true" })).status).toBe(200);
    // From now on, only a holder may grant: the other staff member cannot grant themselves.
    const selfGrant = await security(shop, NOT_ALLOWED, { intent: "permission", userId: NOT_ALLOWED, mayReveal: "true" });
    expect(selfGrant.status).toBe(403);

    const page = await (await openCustomer(shop, NOT_ALLOWED, "9001")).json();
    expect(page).toMatchObject({ mayReveal: false, customer: { email: "a•••@e•••.org" } });
    const denied = await reveal(shop, NOT_ALLOWED, "9001");
    expect(denied.status).toBe(403);
    expect(await denied.text()).not.toContain("lovelace");

    const { secret } = await enrol(shop, ALLOWED);
    const beforeStepUp = await reveal(shop, ALLOWED, "9001");
    expect(beforeStepUp.status).toBe(403);
    expect(await beforeStepUp.json()).toMatchObject({ denied: "step-up-required" });

    expect(await (await stepUp(shop, ALLOWED, totpCodeAt(secret, new Date(Date.now() + STEP_MS)))).json()).toMatchObject({ verified: true });
    const revealed = await reveal(shop, ALLOWED, "9001", "Customer asked to correct their address");
    expect(revealed.status).toBe(200);
    expect(await revealed.json()).toMatchObject({ revealed: { email: "ada.lovelace@example.org", phone: "+44 20 7946 0018", firstName: "Ada", lastName: "Lovelace", note: "Prefers email" } });
    // The window is the allowed staff member's own: the other one is still refused.
    expect((await reveal(shop, NOT_ALLOWED, "9001")).status).toBe(403);

    const reveals = await auditOf(shop, "customer.revealed");
    expect(reveals.map(({ actor, subjectRef: ref, detail }) => ({ actor, ref, detail: JSON.parse(detail!) }))).toEqual([
      { actor: `staff:${ALLOWED}`, ref: subject, detail: { reason: "Customer asked to correct their address" } },
    ]);
    const denials = await auditOf(shop, "staff.denied");
    expect(denials.map(({ actor, subjectRef: ref, detail }) => ({ actor, ref, detail: JSON.parse(detail!) }))).toEqual([
      { actor: `staff:${NOT_ALLOWED}`, ref: null, detail: { operation: "staff.permission-change", reason: "no-permission" } },
      { actor: `staff:${NOT_ALLOWED}`, ref: subject, detail: { operation: "customer.reveal", reason: "no-permission" } },
      { actor: `staff:${ALLOWED}`, ref: subject, detail: { operation: "customer.reveal", reason: "step-up-required" } },
      { actor: `staff:${NOT_ALLOWED}`, ref: subject, detail: { operation: "customer.reveal", reason: "no-permission" } },
    ]);
    expect(await auditOf(shop, "staff.reveal-granted")).toHaveLength(1);
    expect(await verifyAuditChain({ db: db(), shop })).toMatchObject({ ok: true });
    await processSecurityLog().flush();
    const counted = await db().securityEventCount.aggregate({ where: { shop, kind: "reveal.denied" }, _sum: { count: true } });
    expect(counted._sum.count).toBe(4);
    // Nothing personal in the trail: no email, phone or name in any entry.
    expect(JSON.stringify(await db().auditEvent.findMany({ where: { shop } }))).not.toMatch(/lovelace|7946/i);
  });

  it("given a reveal without a reason, then 400 and nothing is audited", async () => {
    const shop = "reveal-no-reason.myshopify.com";
    await shopWithCustomer(shop);
    await security(shop, ALLOWED, { intent: "permission", userId: ALLOWED, mayReveal: "true" });

    expect((await reveal(shop, ALLOWED, "9001", " ")).status).toBe(400);
    expect(await auditOf(shop, "customer.revealed")).toHaveLength(0);
  });
});

describe("staff access by name", () => {
  const openSecurity = async (shop: string, userId: string) =>
    respond(async () => securityLoader({ request: await adminRequest("/app/settings/security", shop, { userId }), params: {}, context: {} }));

  it("given staff who opened the app, then holders are listed by name (the viewer as themselves), only others are offered for a grant, and no staff id is shown as text", async () => {
    const shop = "staff-names.myshopify.com";
    await shopWithCustomer(shop);
    await signInStaff(shop, { userId: ALLOWED, firstName: "Ada", lastName: "Byron", accountOwner: true });
    await signInStaff(shop, { userId: NOT_ALLOWED, firstName: "", lastName: "", email: "charles@example.org" });
    await signInStaff(shop, { userId: "70003", firstName: "", lastName: "", email: "" });
    await security(shop, ALLOWED, { intent: "permission", userId: ALLOWED, mayReveal: "true" });

    const page = await (await openSecurity(shop, ALLOWED)).json();

    expect(page.holders).toEqual([{ userId: ALLOWED, name: "Ada Byron", accountOwner: true, since: expect.any(String) }]);
    // Shopify's test user (12345) opened the app when the shop was installed: named as Shopify named them.
    expect(page.candidates).toEqual([
      { userId: NOT_ALLOWED, name: "charles@example.org", accountOwner: false },
      { userId: "12345", name: "Staff 12345", accountOwner: false },
      { userId: "70003", name: null, accountOwner: false },
    ]);
    expect(page).not.toHaveProperty("permissions");
  });

  it("given a user id that has not opened the app in this shop (a staff member of another shop), then the grant is refused with 422 and nothing is stored or audited", async () => {
    const shopA = "staff-grant-a.myshopify.com";
    const shopB = "staff-grant-b.myshopify.com";
    await shopWithCustomer(shopA);
    await shopWithCustomer(shopB);
    await signInStaff(shopA, { userId: "80001", firstName: "Only", lastName: "InA" });
    const before = await db().auditEvent.count({ where: { shop: shopB } });

    const refused = await security(shopB, ALLOWED, { intent: "permission", userId: "80001", mayReveal: "true" });

    expect(refused.status).toBe(422);
    expect(await refused.json()).toEqual({ intent: "permission", error: "unknown-staff" });
    expect(await db().staffPermission.count({ where: { shop: shopB } })).toBe(0);
    expect(await db().auditEvent.count({ where: { shop: shopB } })).toBe(before);
    // Granted in shop A, where they opened the app, it works.
    expect((await security(shopA, "80001", { intent: "permission", userId: "80001", mayReveal: "true" })).status).toBe(200);
    // A user id beyond 64 bits is nobody either.
    expect((await security(shopB, ALLOWED, { intent: "permission", userId: "99999999999999999999", mayReveal: "true" })).status).toBe(422);
  });

  it("given a holder whose online session is gone, then they are listed by id and can still be withdrawn", async () => {
    const shop = "staff-withdraw.myshopify.com";
    await shopWithCustomer(shop);
    await security(shop, ALLOWED, { intent: "permission", userId: ALLOWED, mayReveal: "true" });
    await signInStaff(shop, { userId: NOT_ALLOWED });
    await security(shop, ALLOWED, { intent: "permission", userId: NOT_ALLOWED, mayReveal: "true" });
    await db().session.delete({ where: { id: `${shop}_${NOT_ALLOWED}` } });

    expect((await (await openSecurity(shop, ALLOWED)).json()).holders.map(({ userId, name }: { userId: string; name: string | null }) => [userId, name])).toEqual([
      [ALLOWED, `Staff ${ALLOWED}`],
      [NOT_ALLOWED, null],
    ]);
    expect((await security(shop, ALLOWED, { intent: "permission", userId: NOT_ALLOWED, mayReveal: "false" })).status).toBe(200);
    expect(await db().staffPermission.findUnique({ where: { shop_userId: { shop, userId: NOT_ALLOWED } } })).toMatchObject({ mayReveal: false });
  });
});

describe("a shop that requires MFA", () => {
  it("given MFA required, then staff without an enrolment can neither download an export nor change retention, and each refusal is audited", async () => {
    const shop = "mfa-required.myshopify.com";
    await shopWithCustomer(shop);
    await security(shop, ALLOWED, { intent: "permission", userId: ALLOWED, mayReveal: "true" });
    expect((await security(shop, ALLOWED, { intent: "policy", required: "true" })).status).toBe(200);
    const retentionBefore = await db().retentionSettings.findUnique({ where: { shop } });

    const id = "00000000-0000-4000-8000-000000000001";
    const download = await respond(async () =>
      exportLoader({ request: await adminRequest(`/app/requests/${id}/export/json`, shop, { userId: NOT_ALLOWED }), params: { id, format: "json" }, context: {} }),
    );
    expect(download.status).toBe(403);
    expect(await download.json()).toMatchObject({ stepUp: "enrolment-required" });

    const form = { intent: "retention", inactiveCustomerMonths: "24", consentReceiptDays: "400", exportDays: "10", auditDays: "800", inboxDays: "30", confirmShortening: "true" };
    const retention = await respond(async () => settingsAction({ request: await post("/app/settings", shop, NOT_ALLOWED, form), params: {}, context: {} }));
    expect(retention.status).toBe(403);
    expect(await db().retentionSettings.findUnique({ where: { shop } })).toEqual(retentionBefore);

    expect((await auditOf(shop, "staff.denied")).map((entry) => JSON.parse(entry.detail!))).toEqual([
      { operation: "export.download", reason: "enrolment-required" },
      { operation: "retention.change", reason: "enrolment-required" },
    ]);
    expect((await auditOf(shop, "mfa.policy-changed")).map((entry) => JSON.parse(entry.detail!))).toEqual([{ required: true }]);

    // What the policy asks of them stays open: they set up an authenticator, then the export opens after a step-up.
    const { secret } = await enrol(shop, NOT_ALLOWED);
    expect(await db().staffMfa.findUniqueOrThrow({ where: { shop_userId: { shop, userId: NOT_ALLOWED } } })).toMatchObject({ confirmedAt: expect.any(Date) });
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect((await auditOf(shop, "staff.denied")).map((entry) => JSON.parse(entry.detail!).operation)).not.toContain("mfa.re-enrol");
  });
});
