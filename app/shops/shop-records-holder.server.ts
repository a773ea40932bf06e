// The installation itself: sessions (access tokens) and the shop row. No customer data lives here.
import type { CustomerDataHolder } from "../privacy/customer-data-holder.server";

export const shopRecordsHolder: CustomerDataHolder = {
  name: "shop",
  eraseCustomer: async () => ({}),
  async eraseShop({ db, shop }) {
    const [sessions, shops] = await db.$transaction([
      db.session.deleteMany({ where: { shop } }),
      db.shop.deleteMany({ where: { domain: shop } }),
    ]);
    return { sessions: sessions.count, shops: shops.count };
  },
};
