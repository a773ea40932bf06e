// Personalization as a holder of personal data: the customer's purchase lines and what was concluded
// from them (segment, cluster, predicted value, recommendations). Exported on a data request, erased
// with the customer and the shop. Shop-level models and product affinities are aggregates over
// consenting customers and name nobody; they go with the shop.
import type { CustomerDataHolder } from "../privacy/customer-data-holder.server";
import { insightView, readInsight, removeInsight } from "./insights.server";
import { erasePurchaseLines } from "./purchase-lines.server";

export const personalizationHolder: CustomerDataHolder = {
  name: "personalization",
  // Insights are derived from the purchase lines, so they share their source.
  sources: { purchaseLines: ["shopify_order_webhooks", "shopify_full_sync"], insights: ["shopify_order_webhooks", "shopify_full_sync"] },
  async exportCustomer({ db, subject }) {
    const [lines, insight] = await Promise.all([
      db.purchaseLine.findMany({
        where: { shop: subject.shop, customerRef: subject.subjectRef },
        orderBy: [{ purchasedAt: "asc" }, { orderId: "asc" }, { line: "asc" }],
        select: { orderId: true, productId: true, variantId: true, quantity: true, unitPrice: true, purchasedAt: true },
      }),
      readInsight({ db, shop: subject.shop, customerRef: subject.subjectRef }),
    ]);
    return { purchaseLines: lines, insights: insight ? insightView(insight) : null };
  },
  async eraseCustomer({ db, subject }) {
    const purchaseLines = await erasePurchaseLines({ db, shop: subject.shop, customerRef: subject.subjectRef, orderIds: subject.orderIds });
    const insights = await removeInsight({ db, shop: subject.shop, customerRef: subject.subjectRef });
    return { purchaseLines, insights };
  },
  async eraseShop({ db, shop }) {
    const [purchaseLines, insights, models, affinities, backfills] = await db.$transaction([
      db.purchaseLine.deleteMany({ where: { shop } }),
      db.customerInsight.deleteMany({ where: { shop } }),
      db.shopModel.deleteMany({ where: { shop } }),
      db.productAffinity.deleteMany({ where: { shop } }),
      db.purchaseLineBackfill.deleteMany({ where: { shop } }),
    ]);
    return { purchaseLines: purchaseLines.count, insights: insights.count, shopModels: models.count, productAffinities: affinities.count, backfills: backfills.count };
  },
};
