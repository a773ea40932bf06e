// The privacy keys (subject and shop references, sealing) come from the vault's key provider, wrapped
// by the master key rather than derived from it: rotating the master key changes none of them.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "../app/db.server";
import { loadPrivacyKeys, seal, shopRef, subjectRef, subjectSealContext, unseal } from "../app/privacy/privacy-keys.server";
import { syncHolder } from "../app/sync/sync-holder.server";
import { rewrapUnderCurrentMasterKey } from "../app/vault/master-key-rotation.server";
import { MASTER_KEY, testVault } from "../harness/vault";
import { customerRedactPayload, deliver } from "./helpers/compliance";
import { deliverSync } from "./helpers/sync";
import { restCustomer } from "../harness/shopify-rest-payloads";

const shop = "rotating-keys.myshopify.com";

describe("privacy keys across a master-key rotation", () => {
  it("given values sealed and references made before a rotation, when only the new master key remains, then all open and every row of an earlier customer is found", async () => {
    expect((await deliverSync("customers/update", shop, restCustomer(77))).status).toBe(200);
    expect((await deliver("customers/redact", shop, { ...customerRedactPayload(shop, 0), customer: { email: "only-email@mail.example.com" } })).status).toBe(200);
    const sealedBefore = seal("export bytes", "ctx");
    const refBefore = subjectRef({ shop, customerId: "77" });
    const shopRefBefore = shopRef(shop);
    const pending = await db().webhookDelivery.findFirstOrThrow({ where: { shop, sealedPayload: { not: null } } });
    expect(pending.subjectRef).toBe(refBefore);

    // The operator sets a new master key, keeps the old one as previous, rotates, then removes it.
    const newMaster = randomBytes(32);
    const rotated = await rewrapUnderCurrentMasterKey({ db: db(), vault: testVault({ currentKey: newMaster, previousKeys: [MASTER_KEY] }) });
    expect(rotated.purposeKeys).toBe(5);
    expect(await db().vaultPurposeKey.count({ where: { kekId: { not: rotated.kekId } } })).toBe(0);
    await loadPrivacyKeys(testVault({ currentKey: newMaster }));

    expect(unseal(sealedBefore, "ctx").toString()).toBe("export bytes");
    expect(subjectRef({ shop, customerId: "77" })).toBe(refBefore);
    expect(shopRef(shop)).toBe(shopRefBefore);
    const request = await db().privacyRequest.findFirstOrThrow({ where: { shop } });
    expect(JSON.parse(unseal(request.subjectSealed!, subjectSealContext(shop, request.id)).toString())).toMatchObject({ email: "only-email@mail.example.com" });
    const exported = (await syncHolder.exportCustomer!({ db: db(), subject: { shop, customerId: "77", subjectRef: refBefore, orderIds: [] } })) as { pendingWebhooks: unknown[] };
    expect(exported.pendingWebhooks).toHaveLength(1);
    // Erasing the customer now still finds the payload received before the rotation.
    const erased = await syncHolder.eraseCustomer({ db: db(), subject: { shop, customerId: "77", subjectRef: subjectRef({ shop, customerId: "77" }), orderIds: [] } });
    expect(erased).toEqual({ pendingPayloads: 1 });
  });

  it("given a value sealed under another version's key or context, then it does not open", () => {
    const sealed = seal("x", "shop-a|1|subject");
    expect(() => unseal(sealed, "shop-b|1|subject")).toThrow();
    expect(() => unseal(sealed.replace(/^s2\.1\./, "s2.9."), "shop-a|1|subject")).toThrow(/version 9/);
  });
});
