// Consent receipts as a holder of personal data: a logged-in customer's receipts name them by
// customerRef. A data request exports them (the proof of every choice they made), erasing the customer
// deletes them, and a shop's erasure deletes all of the shop's receipts, guests' included.
import type { CustomerDataHolder } from "../privacy/customer-data-holder.server";

export const consentReceiptsHolder: CustomerDataHolder = {
  name: "consent",
  sources: { receipts: ["storefront_consent_banner"] },
  async exportCustomer({ db, subject }) {
    const receipts = await db.consentReceipt.findMany({
      where: { shop: subject.shop, customerRef: subject.subjectRef },
      orderBy: { recordedAt: "asc" },
      select: {
        consentId: true,
        analytics: true,
        marketing: true,
        preferences: true,
        saleOfData: true,
        region: true,
        revision: true,
        language: true,
        declaredAt: true,
        recordedAt: true,
        path: true,
      },
    });
    return {
      receipts: receipts.map(({ analytics, marketing, preferences, saleOfData, ...rest }) => ({
        ...rest,
        choices: { analytics, marketing, preferences, saleOfData },
      })),
    };
  },
  async eraseCustomer({ db, subject }) {
    const { count } = await db.consentReceipt.deleteMany({ where: { shop: subject.shop, customerRef: subject.subjectRef } });
    return { receipts: count };
  },
  async eraseShop({ db, shop }) {
    const { count } = await db.consentReceipt.deleteMany({ where: { shop } });
    return { receipts: count };
  },
};
