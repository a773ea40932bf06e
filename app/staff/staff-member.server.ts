// The staff member behind an admin request: the shop from the verified session and the Shopify user
// from the session token's `sub` (signed by Shopify with the app secret). Permissions and MFA are
// kept per shop and user, so one person's enrolment in one shop grants nothing in another.
import { staffActor } from "../audit/staff-actor.server";

export interface StaffMember {
  shop: string;
  userId: string;
  /** How the audit trail names them ("staff:<user id>"). */
  actor: string;
}

/** Null when the token names no user (it then cannot hold a permission or an enrolment). */
export function staffMemberOf(shop: string, sessionToken: { sub?: string } | undefined): StaffMember | null {
  const userId = sessionToken?.sub;
  if (!userId || !/^\d{1,20}$/.test(userId)) return null;
  return { shop, userId, actor: staffActor(sessionToken) };
}

/** For routes: the staff member, or a 403 answer when the session token names no user. */
export function requireStaffMember(shop: string, sessionToken: { sub?: string } | undefined): StaffMember {
  const staff = staffMemberOf(shop, sessionToken);
  if (!staff) throw Response.json({ error: "This action needs a signed-in staff member." }, { status: 403 });
  return staff;
}
