// The installation itself: sessions (access tokens), the shop row and the shop's own settings,
// security counts and storefront tracker scans. No customer data lives here.
import type { CustomerDataHolder } from "../privacy/customer-data-holder.server";

export const shopRecordsHolder: CustomerDataHolder = {
  name: "shop",
  eraseCustomer: async () => ({}),
  async eraseShop({ db, shop }) {
    const [sessions, shops, retention, security, trackerScans] = await db.$transaction([
      db.session.deleteMany({ where: { shop } }),
      db.shop.deleteMany({ where: { domain: shop } }),
      db.retentionSettings.deleteMany({ where: { shop } }),
      db.securityEventCount.deleteMany({ where: { shop } }),
      db.trackerScan.deleteMany({ where: { shop } }),
    ]);
    return { sessions: sessions.count, shops: shops.count, retentionSettings: retention.count, securityEventMinutes: security.count, trackerScans: trackerScans.count };
  },
};
