// Storefront links as a holder of personal data. A link is a short-lived credential, not data about
// the person: a confirmation link holds the guest's email (sealed) for at most an hour, a delivery
// link names its customer by keyed hash. Nothing to export (the request a link leads to is in the
// export with the privacy records); erased with the customer and with the shop.
import type { CustomerDataHolder } from "../privacy/customer-data-holder.server";

export const storefrontLinksHolder: CustomerDataHolder = {
  name: "privacy_center",
  async eraseCustomer({ db, subject }) {
    const { count } = await db.storefrontLink.deleteMany({ where: { shop: subject.shop, subjectRef: subject.subjectRef } });
    return { links: count };
  },
  async eraseShop({ db, shop }) {
    const { count } = await db.storefrontLink.deleteMany({ where: { shop } });
    return { links: count };
  },
};
