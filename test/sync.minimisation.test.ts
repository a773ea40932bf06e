// Data minimisation: the merchant chooses which optional personal fields the sync stores. A field
// that is off is never stored; turning one off removes it from the customers already synced.
import { describe, expect, it } from "vitest";
import { verifyAuditChain } from "../app/audit/verify-chain.server";
import { db } from "../app/db.server";
import { action, loader } from "../app/routes/app.settings";
import { allJobsDone, startJobProcessing } from "./helpers/jobs";
import { adminRequest, installShop, respond } from "./helpers/shopify";
import { deliverSync, vaultCustomer } from "./helpers/sync";
import { restCustomer } from "../harness/shopify-rest-payloads";

async function saveSettings(shop: string, form: Record<string, string>) {
  return respond(async () => action({ request: await adminRequest("/app/settings", shop, { form }), params: {}, context: {} }));
}

describe("sync settings", () => {
  it("given a new shop, then names and phone are synced and address and note are not", async () => {
    const shop = "minimise-defaults.myshopify.com";
    await installShop(shop);

    const response = await respond(async () => loader({ request: await adminRequest("/app/settings", shop), params: {}, context: {} }));

    expect(await response.json()).toMatchObject({ fields: { names: true, phone: true, address: false, note: false } });
  });

  it("given address and note turned on and phone off, then webhooks store the address and note and never the phone", async () => {
    const shop = "minimise-on.myshopify.com";
    await installShop(shop);
    startJobProcessing();

    expect((await saveSettings(shop, { names: "true", phone: "false", address: "true", note: "true" })).status).toBe(200);
    await deliverSync("customers/create", shop, restCustomer(201));
    await allJobsDone();

    expect(await vaultCustomer(shop, 201)).toMatchObject({
      phone: null,
      note: "Leave parcels with neighbour 201",
      defaultAddress: { address1: "17 Marigold Lane", city: "Bristol", zip: "BS1 4DJ", countryCode: "GB", address2: null, province: null },
    });
    expect((await db().customer.findFirstOrThrow({ where: { shop } })).phoneIndex).toBeNull();
  });

  it("given stored names and phones, when staff turn them off, then a job clears them from every customer of the shop only, and the change is audited", async () => {
    const [shop, other] = ["minimise-off.myshopify.com", "minimise-other.myshopify.com"];
    await installShop(shop);
    startJobProcessing();
    await deliverSync("customers/create", shop, restCustomer(202));
    await deliverSync("customers/create", shop, restCustomer(203));
    await deliverSync("customers/create", other, restCustomer(202));
    await allJobsDone();

    const response = await saveSettings(shop, { names: "false", phone: "false", address: "false", note: "false" });
    await allJobsDone();

    expect(await response.json()).toEqual({ saved: true, changed: true, cleared: ["names", "phone"] });
    for (const id of [202, 203]) {
      expect(await vaultCustomer(shop, id)).toMatchObject({ firstName: null, lastName: null, phone: null, email: `wilhelmina.${id}@thistlewood.example` });
    }
    expect(await db().customer.count({ where: { shop, OR: [{ phoneIndex: { not: null } }, { encryptedFirstName: { not: null } }] } })).toBe(0);
    expect(await vaultCustomer(other, 202)).toMatchObject({ firstName: "Wilhelmina202", phone: "+447946000202" });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { shop, action: "sync.fields.changed" } });
    expect(audit.actor).toMatch(/^staff:/);
    expect(JSON.parse(audit.detail!)).toEqual({ names: false, phone: false, address: false, note: false });
    expect((await verifyAuditChain({ db: db(), shop })).ok).toBe(true);

    // Later updates keep them out as well.
    await deliverSync("customers/update", shop, restCustomer(202, { updated_at: "2026-12-01T00:00:00Z" }));
    await allJobsDone();
    expect(await vaultCustomer(shop, 202)).toMatchObject({ firstName: null, phone: null });
  });

  it("given a form that is not a yes/no per field, then 400 names the field and nothing changes", async () => {
    const shop = "minimise-bad-form.myshopify.com";
    await installShop(shop);

    const response = await saveSettings(shop, { names: "yes", phone: "true", address: "false", note: "false" });

    expect(response.status).toBe(400);
    expect((await response.json()).error).toContain("names");
    expect(await db().syncSettings.count({ where: { shop } })).toBe(0);
  });
});
