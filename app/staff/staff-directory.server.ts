// The shop's staff members as the app knows them: everyone who opened the app, from their online
// sessions (Shopify's `associated_user`, stored sealed by the session storage), kept for
// STAFF_DIRECTORY_DAYS after their last visit. Names are for display only: permissions and the
// audit trail keep the user id, so a renamed staff member stays the same person.
import { staffActor } from "../audit/staff-actor.server";
import type { Db } from "../db.server";
import { openStaffIdentity } from "../sessions/encrypted-session-storage.server";
import type { KeyDeps } from "../vault/keys.server";

export interface StaffDirectoryEntry {
  userId: string;
  /** "First Last", or the email when Shopify gave no name; null when neither is known. */
  name: string | null;
  accountOwner: boolean;
}

const MAX_USER_ID = 2n ** 63n - 1n;

function displayName({ firstName, lastName, email }: { firstName: string | null; lastName: string | null; email: string | null }): string | null {
  const full = [firstName, lastName].map((part) => part?.trim()).filter(Boolean).join(" ");
  return full || email?.trim() || null;
}

/** The shop's known staff members, by name (unnamed ones last, by id). */
export async function listStaffDirectory({ db, keys, shop }: { db: Db; keys: KeyDeps; shop: string }): Promise<StaffDirectoryEntry[]> {
  const rows = await db.session.findMany({
    where: { shop, isOnline: true, userId: { not: null } },
    select: { id: true, userId: true, firstName: true, lastName: true, email: true, accountOwner: true },
  });
  const entries = await Promise.all(
    rows.map(async (row) => ({
      userId: String(row.userId),
      name: displayName(await openStaffIdentity({ keys, sessionId: row.id, stored: row })),
      accountOwner: row.accountOwner,
    })),
  );
  return entries.sort((a, b) => Number(a.name === null) - Number(b.name === null) || (a.name ?? a.userId).localeCompare(b.name ?? b.userId));
}

/** Whether the user has opened the app in this shop (and so may be granted a permission in it). */
export async function isKnownStaffMember({ db, shop, userId }: { db: Db; shop: string; userId: string }): Promise<boolean> {
  const id = BigInt(userId);
  // Beyond the column's 64 bits no stored user can match (and the database would refuse the value).
  if (id > MAX_USER_ID) return false;
  return (await db.session.count({ where: { shop, isOnline: true, userId: id } })) > 0;
}

/** The audit trail's staff actors ("staff:<user id>") with the names known for them, for display only. */
export async function staffActorNames({ db, keys, shop }: { db: Db; keys: KeyDeps; shop: string }): Promise<Map<string, string>> {
  const directory = await listStaffDirectory({ db, keys, shop });
  return new Map(directory.flatMap((entry) => (entry.name ? [[staffActor({ sub: entry.userId }), entry.name] as const] : [])));
}
