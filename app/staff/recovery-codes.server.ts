// Recovery codes: ten random codes shown once at enrolment, each good for one step-up when the
// authenticator is lost. Only a hash bound to the shop and user is stored, so the table alone does
// not give them away; each carries about 50 random bits, so a fast hash is enough.
import { createHash, randomBytes } from "node:crypto";
import type { Db, Tx } from "../db.server";
import type { StaffMember } from "./staff-member.server";

const COUNT = 10;
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

function newCode(): string {
  const chars = [...randomBytes(10)].map((byte) => ALPHABET[byte % ALPHABET.length]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** Normalised so that spaces and capitals typed by a person still match. */
export function looksLikeRecoveryCode(input: string): boolean {
  return /^[a-z0-9]{5}-?[a-z0-9]{5}$/.test(input.trim().toLowerCase());
}

function hashOf(staff: Pick<StaffMember, "shop" | "userId">, code: string): string {
  const compact = code.trim().toLowerCase().replace("-", "");
  return createHash("sha256").update(JSON.stringify(["cv-recovery/v1", staff.shop, staff.userId, compact])).digest("base64url");
}

/** Replaces the staff member's codes with new ones; returns them (the only time they are readable). */
export async function replaceRecoveryCodes(tx: Tx, staff: StaffMember): Promise<string[]> {
  const codes = Array.from({ length: COUNT }, newCode);
  await tx.staffRecoveryCode.deleteMany({ where: { shop: staff.shop, userId: staff.userId } });
  await tx.staffRecoveryCode.createMany({ data: codes.map((code) => ({ shop: staff.shop, userId: staff.userId, codeHash: hashOf(staff, code) })) });
  return codes;
}

/** Spends the code if it is one of the staff member's unused codes; true when it was. */
export async function spendRecoveryCode({ db, staff, code, now }: { db: Db; staff: StaffMember; code: string; now: Date }): Promise<boolean> {
  const spent = await db.staffRecoveryCode.updateMany({
    where: { shop: staff.shop, userId: staff.userId, codeHash: hashOf(staff, code), usedAt: null },
    data: { usedAt: now },
  });
  return spent.count === 1;
}

export async function unusedRecoveryCodes({ db, staff }: { db: Db; staff: StaffMember }): Promise<number> {
  return db.staffRecoveryCode.count({ where: { shop: staff.shop, userId: staff.userId, usedAt: null } });
}
