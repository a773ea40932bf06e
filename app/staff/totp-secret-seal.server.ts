// TOTP secrets at rest: sealed with the vault's sealing key under the shop and user they belong to,
// so a sealed secret copied to another staff member's row does not open.
import { seal, unseal } from "../privacy/privacy-keys.server";
import type { StaffMember } from "./staff-member.server";

const context = (staff: StaffMember) => `${staff.shop}|${staff.userId}|totp-secret`;

export const sealTotpSecret = (staff: StaffMember, secret: string) => seal(secret, context(staff));
export const openTotpSecret = (staff: StaffMember, sealed: string) => unseal(sealed, context(staff)).toString("utf8");

/** The StaffMfa row of the staff member. */
export const staffKey = (staff: StaffMember) => ({ shop_userId: { shop: staff.shop, userId: staff.userId } });
