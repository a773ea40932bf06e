import { describe, expect, it } from "vitest";
import { sampleCustomer, testVault } from "../../harness/vault";
import { db } from "../db.server";
import { VaultDecryptError } from "./aead.server";
import { readCustomer, upsertCustomer } from "./customers.server";
import { createLocalKeyProvider, kekFingerprint } from "./key-provider.server";

const A = "alpha.myshopify.com";
const B = "bravo.myshopify.com";
const synced = new Date("2025-05-01T00:00:00Z");

function flipOneByte(ciphertext: string): string {
  const parts = ciphertext.split(".");
  const body = Buffer.from(parts[3]!, "base64url");
  body[0]! ^= 0x01;
  parts[3] = body.toString("base64url");
  return parts.join(".");
}

describe("field encryption", () => {
  it("given a value, then it encrypts to the documented self-describing format and decrypts back", async () => {
    const cipher = await testVault().cipherFor({ shop: A, customerId: "1" });
    const ciphertext = cipher.encrypt("email", "ann@example.com");

    expect(ciphertext).toMatch(/^v1\.[\w-]{8}\.[\w-]{16}\.[\w-]+$/);
    expect(ciphertext).not.toContain("ann");
    expect(cipher.encrypt("email", "ann@example.com")).not.toBe(ciphertext);
    expect(cipher.decrypt("email", ciphertext)).toBe("ann@example.com");
  });

  it("given a ciphertext with one byte flipped, then decryption fails instead of returning garbage", async () => {
    const cipher = await testVault().cipherFor({ shop: A, customerId: "1" });
    const ciphertext = cipher.encrypt("note", "secret note");

    expect(() => cipher.decrypt("note", flipOneByte(ciphertext))).toThrow(VaultDecryptError);
  });

  it("given a ciphertext moved to another field, customer or shop, then it fails to decrypt there", async () => {
    const vault = testVault();
    await upsertCustomer({ db: db(), vault, shop: A, customer: sampleCustomer("1"), sourceUpdatedAt: synced });
    await upsertCustomer({ db: db(), vault, shop: A, customer: sampleCustomer("2"), sourceUpdatedAt: synced });
    await upsertCustomer({ db: db(), vault, shop: B, customer: sampleCustomer("1"), sourceUpdatedAt: synced });
    const source = await db().customer.findUniqueOrThrow({ where: { shop_customerId: { shop: A, customerId: "1" } } });
    const moves = [
      { shop: A, customerId: "1", data: { encryptedNote: source.encryptedEmail } },
      { shop: A, customerId: "2", data: { encryptedEmail: source.encryptedEmail } },
      { shop: B, customerId: "1", data: { encryptedEmail: source.encryptedEmail } },
    ];

    for (const { shop, customerId, data } of moves) {
      await db().customer.update({ where: { shop_customerId: { shop, customerId } }, data });
      const fresh = testVault();
      await expect(readCustomer({ db: db(), vault: fresh, shop, customerId })).rejects.toThrow(VaultDecryptError);
    }
  });

  it("given the same customer id in two shops, then each shop's key opens only its own shop's data", async () => {
    const vault = testVault();
    const inA = (await vault.cipherFor({ shop: A, customerId: "7" })).encrypt("email", "a@example.com");
    const cipherB = await vault.cipherFor({ shop: B, customerId: "7" });

    expect(() => cipherB.decrypt("email", inA)).toThrow(VaultDecryptError);
  });
});

describe("key provider", () => {
  it("given a key wrapped under a previous master key, then it unwraps while that key is configured and names it when not", async () => {
    const [oldKek, newKek] = [Buffer.alloc(32, 1), Buffer.alloc(32, 2)];
    const key = Buffer.alloc(32, 9);
    const wrapped = await createLocalKeyProvider({ currentKey: oldKek }).wrap({ key, context: ["ctx"] });

    expect(wrapped.kekId).toBe(kekFingerprint(oldKek));
    expect(wrapped.kekId).toMatch(/^[0-9a-f]{16}$/);
    const rotated = createLocalKeyProvider({ currentKey: newKek, previousKeys: [oldKek] });
    expect(await rotated.unwrap({ ...wrapped, context: ["ctx"] })).toEqual(key);
    await expect(rotated.unwrap({ ...wrapped, context: ["other"] })).rejects.toThrow(VaultDecryptError);
    await expect(createLocalKeyProvider({ currentKey: newKek }).unwrap({ ...wrapped, context: ["ctx"] })).rejects.toThrow(
      /VAULT_PREVIOUS_MASTER_KEYS/,
    );
  });
});
