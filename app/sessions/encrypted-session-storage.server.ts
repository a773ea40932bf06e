// Shopify access and refresh tokens at rest: a session storage that wraps the Prisma one and keeps
// both tokens sealed with the vault's AES-256-GCM under the "session-tokens" purpose key (random,
// stored wrapped by the master key and re-wrapped by a master-key rotation), so a copy of the
// database alone holds no usable token. A token's AAD names its session id and field: a ciphertext
// copied to another session row (another shop) or into the other column fails authentication
// instead of decrypting. Sealed values carry a prefix and the key version
// (`cvs1.<version>.<nonce>.<ciphertext+tag>`); a value without the prefix is a plaintext row from
// before, read as it is until encryptPlaintextSessions() has sealed it in place.
//
// Online sessions (one per staff member, from the online token exchange) also carry the staff
// member's name and email, personal data of staff: those are sealed the same way, and what a name
// display does not need (locale, collaborator, email verified) is dropped before it is stored.
import { Session, type OnlineAccessUser } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import { truncateWriteAheadLog, type Db } from "../db.server";
import { associatedData, open, seal, VaultDecryptError } from "../vault/aead.server";
import type { KeyDeps } from "../vault/keys.server";
import { loadPurposeKeyVersions } from "../vault/purpose-keys.server";

const PREFIX = "cvs1.";
const SEALED = /^cvs1\.(\d+)\.(.+)$/;
const BATCH = 100;
type TokenField = "accessToken" | "refreshToken";
type StaffField = "firstName" | "lastName" | "email";
type SealedField = TokenField | StaffField;

// The label predates the staff fields; the field name in the AAD keeps each column's values apart.
const tokenAad = (sessionId: string, field: SealedField) => associatedData(["cv-session-token/v1", sessionId, field]);
const cacheName = (version: number | "newest") => `|session-tokens|${version}`;

/** A version of the session-token key (the newest for sealing), through the vault's key cache. */
async function sessionKey(keys: KeyDeps, version: number | "newest"): Promise<{ version: number; key: Buffer }> {
  const cached = keys.cache.get(cacheName(version));
  if (cached) return { version: Number(cached.id), key: cached.key };
  const versions = await loadPurposeKeyVersions(keys, "session-tokens");
  const newest = Math.max(...versions.keys());
  for (const [each, key] of versions) keys.cache.set(cacheName(each), { id: String(each), key });
  keys.cache.set(cacheName("newest"), { id: String(newest), key: versions.get(newest)! });
  const wanted = version === "newest" ? newest : version;
  const key = versions.get(wanted);
  if (!key) throw new VaultDecryptError(`session-token key version ${wanted} does not exist`);
  return { version: wanted, key };
}

const isSealed = (value: string) => value.startsWith(PREFIX);

async function sealToken(keys: KeyDeps, sessionId: string, field: SealedField, token: string | undefined): Promise<string | undefined> {
  if (!token || isSealed(token)) return token;
  const { version, key } = await sessionKey(keys, "newest");
  return `${PREFIX}${version}.${seal({ key, plaintext: Buffer.from(token, "utf8"), aad: tokenAad(sessionId, field) })}`;
}

/** The token a column holds: opened when sealed, as it is when still plaintext (not yet migrated). */
async function openToken<Value extends string | null | undefined>(keys: KeyDeps, sessionId: string, field: SealedField, stored: Value): Promise<Value> {
  if (!stored || !isSealed(stored)) return stored;
  const [, version, sealed] = SEALED.exec(stored) ?? [];
  if (!version || !sealed) throw new VaultDecryptError("malformed session token ciphertext");
  const { key } = await sessionKey(keys, Number(version));
  return open({ key, sealed, aad: tokenAad(sessionId, field) }).toString("utf8") as Value;
}

type Transform = (field: SealedField, value: string | undefined) => Promise<string | undefined>;

/** The staff member an online session belongs to, with only what naming them needs, transformed. */
async function minimalUser(user: Partial<OnlineAccessUser>, transform: Transform): Promise<Partial<OnlineAccessUser>> {
  return {
    id: user.id,
    account_owner: user.account_owner,
    first_name: (await transform("firstName", user.first_name || undefined)) ?? "",
    last_name: (await transform("lastName", user.last_name || undefined)) ?? "",
    email: (await transform("email", user.email || undefined)) ?? "",
    locale: "",
    collaborator: false,
    email_verified: false,
  };
}

async function withSealedFields(session: Session, transform: Transform) {
  const params = session.toObject();
  const user = params.onlineAccessInfo?.associated_user;
  return new Session({
    ...params,
    accessToken: await transform("accessToken", params.accessToken),
    refreshToken: await transform("refreshToken", params.refreshToken),
    ...(params.onlineAccessInfo && user ? { onlineAccessInfo: { ...params.onlineAccessInfo, associated_user: await minimalUser(user, transform) } } : {}),
  });
}

/**
 * A staff member's name and email as stored on their online session row, opened (a value stored
 * before sealing is returned as it is). For reading names without loading whole sessions.
 */
export async function openStaffIdentity({ keys, sessionId, stored }: { keys: KeyDeps; sessionId: string; stored: Record<StaffField, string | null> }): Promise<Record<StaffField, string | null>> {
  return {
    firstName: await openToken(keys, sessionId, "firstName", stored.firstName),
    lastName: await openToken(keys, sessionId, "lastName", stored.lastName),
    email: await openToken(keys, sessionId, "email", stored.email),
  };
}

/** `inner` (the Prisma storage) with the tokens sealed on the way in and opened on the way out. */
export function encryptedSessionStorage({ inner, keys }: { inner: SessionStorage; keys: KeyDeps }): SessionStorage {
  const opened = (session: Session) => withSealedFields(session, (field, value) => openToken(keys, session.id, field, value));
  return {
    async storeSession(session) {
      return inner.storeSession(await withSealedFields(session, (field, value) => sealToken(keys, session.id, field, value)));
    },
    async loadSession(id) {
      const session = await inner.loadSession(id);
      return session && opened(session);
    },
    deleteSession: (id) => inner.deleteSession(id),
    deleteSessions: (ids) => inner.deleteSessions(ids),
    async findSessionsByShop(shop) {
      return Promise.all((await inner.findSessionsByShop(shop)).map(opened));
    },
  };
}

/**
 * Seals every token still stored in plaintext, in place. Idempotent; a row changed meanwhile (a
 * token refresh stored a sealed one) is left to its writer. Returns how many rows it sealed.
 */
export async function encryptPlaintextSessions({ db, keys }: { db: Db; keys: KeyDeps }): Promise<number> {
  const plaintext = {
    OR: [
      { accessToken: { not: { startsWith: PREFIX } }, NOT: { accessToken: "" } },
      { refreshToken: { not: { startsWith: PREFIX } } },
    ],
  };
  let sealed = 0;
  let after = "";
  for (;;) {
    const rows = await db.session.findMany({
      where: { ...plaintext, id: { gt: after } },
      orderBy: { id: "asc" },
      take: BATCH,
      select: { id: true, accessToken: true, refreshToken: true },
    });
    if (!rows.length) {
      // On SQLite the write-ahead log still holds the pages with the tokens in clear (decision 010).
      // Best effort at worker start: if readers keep it from being cut now, a later erasure's does it.
      if (sealed > 0) await truncateWriteAheadLog(db);
      return sealed;
    }
    for (const row of rows) {
      const { count } = await db.session.updateMany({
        where: row,
        data: {
          accessToken: (await sealToken(keys, row.id, "accessToken", row.accessToken)) ?? row.accessToken,
          refreshToken: (await sealToken(keys, row.id, "refreshToken", row.refreshToken ?? undefined)) ?? row.refreshToken,
        },
      });
      sealed += count;
    }
    after = rows.at(-1)!.id;
  }
}
