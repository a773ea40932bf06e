import { randomBytes } from "node:crypto";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { describe, expect, it } from "vitest";
import { databaseMentions } from "../../test/helpers/pii-scan";
import { USER_ID } from "@shopify/shopify-api/test-helpers";
import { installShop, signInStaff } from "../../test/helpers/shopify";
import { testVault } from "../../harness/vault";
import { config } from "../config.server";
import { db } from "../db.server";
import { sessionStorage } from "../shopify.server";
import { VaultDecryptError } from "../vault/aead.server";
import { kekFingerprint } from "../vault/key-provider.server";
import { rewrapUnderCurrentMasterKey } from "../vault/master-key-rotation.server";
import type { Vault } from "../vault/vault.server";
import { encryptedSessionStorage, encryptPlaintextSessions } from "./encrypted-session-storage.server";

// Distinctive per test, so a scan of the raw database finds exactly these bytes if they are stored.
const tokens = () => ({ accessToken: `shpat_${randomBytes(16).toString("hex")}`, refreshToken: `shprt_${randomBytes(16).toString("hex")}` });
const inFuture = new Date(Date.now() + 86_400_000);
const appMasterKey = () => Buffer.from(config().VAULT_MASTER_KEY, "base64");
/** The app's session storage as a process would build it with only `vault`'s master keys. */
const storageWith = (vault: Vault) => encryptedSessionStorage({ inner: new PrismaSessionStorage(db()), keys: vault });

describe("session tokens at rest", () => {
  it("given a session stored by the app's session storage, then neither token is in the database and loading returns both", async () => {
    const shop = "tokens-at-rest.myshopify.com";
    const { accessToken, refreshToken } = tokens();
    const session = await installShop(shop, { accessToken, refreshToken, refreshTokenExpires: inFuture });

    expect(await databaseMentions([accessToken, refreshToken])).toEqual([]);
    const row = await db().session.findUniqueOrThrow({ where: { id: session.id } });
    expect(row.accessToken).toMatch(/^cvs1\.1\./);
    expect(row.refreshToken).toMatch(/^cvs1\.1\./);
    expect(await sessionStorage.loadSession(session.id)).toMatchObject({ id: session.id, shop, accessToken, refreshToken });
    expect((await sessionStorage.findSessionsByShop(shop)).filter((found) => !found.isOnline).map((found) => found.accessToken)).toEqual([accessToken]);
  });

  it("given a staff member's online session, then their name and email are sealed, what naming them does not need is not kept, and loading returns the name", async () => {
    const shop = "staff-at-rest.myshopify.com";
    await installShop(shop);
    const session = await signInStaff(shop, { userId: "4242", firstName: "Grace", lastName: "Hopperfield", email: "grace.hopperfield@example.org", accountOwner: true });

    expect(await databaseMentions(["Grace", "Hopperfield", "grace.hopperfield@example.org", session.accessToken!])).toEqual([]);
    const row = await db().session.findUniqueOrThrow({ where: { id: `${shop}_4242` } });
    expect(row).toMatchObject({ isOnline: true, userId: 4242n, accountOwner: true, locale: null, collaborator: false, emailVerified: false });
    for (const sealed of [row.firstName, row.lastName, row.email]) expect(sealed).toMatch(/^cvs1\.1\./);
    expect((await sessionStorage.loadSession(session.id))?.onlineAccessInfo?.associated_user).toMatchObject({ id: 4242, first_name: "Grace", last_name: "Hopperfield", email: "grace.hopperfield@example.org", account_owner: true });
    // Bound to its row: another staff member's row cannot show this name.
    await db().session.update({ where: { id: `${shop}_${USER_ID}` }, data: { firstName: row.firstName } });
    await expect(sessionStorage.loadSession(`${shop}_${USER_ID}`)).rejects.toThrow(VaultDecryptError);
  });

  it("given a sealed row copied to another session id, when loaded, then it fails to decrypt instead of handing out the token", async () => {
    const { accessToken } = tokens();
    const session = await installShop("tokens-victim.myshopify.com", { accessToken });
    const row = await db().session.findUniqueOrThrow({ where: { id: session.id } });
    await db().session.create({ data: { ...row, id: "offline_tokens-thief.myshopify.com", shop: "tokens-thief.myshopify.com" } });
    await db().session.create({ data: { ...row, id: "offline_tokens-swap.myshopify.com", shop: "tokens-swap.myshopify.com", accessToken: "", refreshToken: row.accessToken } });

    await expect(sessionStorage.loadSession("offline_tokens-thief.myshopify.com")).rejects.toThrow(VaultDecryptError);
    await expect(sessionStorage.loadSession("offline_tokens-swap.myshopify.com")).rejects.toThrow(VaultDecryptError);
    expect((await sessionStorage.loadSession(session.id))?.accessToken).toBe(accessToken);
  });

  it("given a row stored in plaintext before encryption, then it is readable, and the migration seals it in place once", async () => {
    const shop = "tokens-legacy.myshopify.com";
    const { accessToken, refreshToken } = tokens();
    await db().session.create({ data: { id: `offline_${shop}`, shop, state: "", accessToken, refreshToken, refreshTokenExpires: inFuture } });
    expect((await sessionStorage.loadSession(`offline_${shop}`))?.accessToken).toBe(accessToken);

    expect(await encryptPlaintextSessions({ db: db(), keys: testVault({ currentKey: appMasterKey() }) })).toBe(1);

    expect(await databaseMentions([accessToken, refreshToken])).toEqual([]);
    expect(await sessionStorage.loadSession(`offline_${shop}`)).toMatchObject({ accessToken, refreshToken });
    expect(await encryptPlaintextSessions({ db: db(), keys: testVault({ currentKey: appMasterKey() }) })).toBe(0);
  });

  it("given a master key rotation, then sessions stay readable with only the new master key", async () => {
    const shop = "tokens-rotation.myshopify.com";
    const { accessToken, refreshToken } = tokens();
    await installShop(shop, { accessToken, refreshToken, refreshTokenExpires: inFuture });
    const newKek = randomBytes(32);

    const rotated = await rewrapUnderCurrentMasterKey({ db: db(), vault: testVault({ currentKey: newKek, previousKeys: [appMasterKey()] }) });

    expect(rotated.kekId).toBe(kekFingerprint(newKek));
    expect(await db().vaultPurposeKey.findMany({ where: { purpose: "session-tokens" }, select: { kekId: true } })).toEqual([{ kekId: kekFingerprint(newKek) }]);
    const onlyNewKey = testVault({ currentKey: newKek });
    expect(await storageWith(onlyNewKey).loadSession(`offline_${shop}`)).toMatchObject({ accessToken, refreshToken });
    await expect(storageWith(testVault({ currentKey: randomBytes(32) })).loadSession(`offline_${shop}`)).rejects.toThrow(/not configured/);

    // Back under the app's own master key, so the rest of this file's database stays readable.
    await rewrapUnderCurrentMasterKey({ db: db(), vault: testVault({ currentKey: appMasterKey(), previousKeys: [newKek] }) });
  });
});
