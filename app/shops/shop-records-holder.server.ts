// The installation itself: sessions (access tokens), the shop row and the shop's own settings, security
// counts, health check reports, when its privacy notice was last copied and its storefront tracker scans.
// No customer data lives here.
import type { CustomerDataHolder } from "../privacy/customer-data-holder.server";

export const shopRecordsHolder: CustomerDataHolder = {
  name: "shop",
  eraseCustomer: async () => ({}),
  async eraseShop({ db, shop }) {
    const [sessions, shops, retention, security, health, notice, trackerScans] = await db.$transaction([
      db.session.deleteMany({ where: { shop } }),
      db.shop.deleteMany({ where: { domain: shop } }),
      db.retentionSettings.deleteMany({ where: { shop } }),
      db.securityEventCount.deleteMany({ where: { shop } }),
      db.privacyHealthReport.deleteMany({ where: { shop } }),
      db.privacyNoticeCopy.deleteMany({ where: { shop } }),
      db.trackerScan.deleteMany({ where: { shop } }),
    ]);
    return {
      sessions: sessions.count,
      shops: shops.count,
      retentionSettings: retention.count,
      securityEventMinutes: security.count,
      healthReports: health.count,
      privacyNoticeCopies: notice.count,
      trackerScans: trackerScans.count,
    };
  },
};
