// The installation itself: sessions (access tokens), the shop row, the shop's own settings, security
// counts and its staff members' permissions and MFA enrolments. No customer data lives here.
import type { CustomerDataHolder } from "../privacy/customer-data-holder.server";

export const shopRecordsHolder: CustomerDataHolder = {
  name: "shop",
  eraseCustomer: async () => ({}),
  async eraseShop({ db, shop }) {
    const [sessions, shops, retention, security, permissions, mfa, recoveryCodes, mfaPolicy] = await db.$transaction([
      db.session.deleteMany({ where: { shop } }),
      db.shop.deleteMany({ where: { domain: shop } }),
      db.retentionSettings.deleteMany({ where: { shop } }),
      db.securityEventCount.deleteMany({ where: { shop } }),
      db.staffPermission.deleteMany({ where: { shop } }),
      db.staffMfa.deleteMany({ where: { shop } }),
      db.staffRecoveryCode.deleteMany({ where: { shop } }),
      db.shopMfaPolicy.deleteMany({ where: { shop } }),
    ]);
    return {
      sessions: sessions.count,
      shops: shops.count,
      retentionSettings: retention.count,
      securityEventMinutes: security.count,
      staffPermissions: permissions.count,
      staffMfaEnrolments: mfa.count,
      staffRecoveryCodes: recoveryCodes.count,
      mfaPolicies: mfaPolicy.count,
    };
  },
};
