// The installation itself: sessions (access tokens), the shop row and the shop's own settings, security
// counts, health check reports, when its privacy notice was last copied, its storefront tracker scans and
// its staff members' permissions, MFA enrolments and privacy guide acknowledgements, and its recipients
// register. No customer data lives here.
import type { CustomerDataHolder } from "../privacy/customer-data-holder.server";

export const shopRecordsHolder: CustomerDataHolder = {
  name: "shop",
  eraseCustomer: async () => ({}),
  async eraseShop({ db, shop }) {
    const where = { shop };
    const [sessions, shops, retention, security, health, notice, trackerScans, permissions, mfa, recoveryCodes, mfaPolicy, recipients, guideAcknowledgements] = await db.$transaction([
      db.session.deleteMany({ where }),
      db.shop.deleteMany({ where: { domain: shop } }),
      db.retentionSettings.deleteMany({ where }),
      db.securityEventCount.deleteMany({ where }),
      db.privacyHealthReport.deleteMany({ where }),
      db.privacyNoticeCopy.deleteMany({ where }),
      db.trackerScan.deleteMany({ where }),
      db.staffPermission.deleteMany({ where }),
      db.staffMfa.deleteMany({ where }),
      db.staffRecoveryCode.deleteMany({ where }),
      db.shopMfaPolicy.deleteMany({ where }),
      db.dataRecipient.deleteMany({ where }),
      db.staffGuideAcknowledgement.deleteMany({ where }),
    ]);
    return {
      sessions: sessions.count,
      shops: shops.count,
      retentionSettings: retention.count,
      securityEventMinutes: security.count,
      healthReports: health.count,
      privacyNoticeCopies: notice.count,
      trackerScans: trackerScans.count,
      staffPermissions: permissions.count,
      staffMfaEnrolments: mfa.count,
      staffRecoveryCodes: recoveryCodes.count,
      mfaPolicies: mfaPolicy.count,
      dataRecipients: recipients.count,
      staffGuideAcknowledgements: guideAcknowledgements.count,
    };
  },
};
