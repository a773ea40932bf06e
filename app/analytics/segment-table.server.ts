// The analytics dataset's customer segments: personalization's stored results (RFM group, behaviour
// cluster, predicted value), only for customers whose consent allows personalization at the time of
// the export. Results are deleted on a withdrawal already; asking the gate again here keeps a result
// that is still waiting for that deletion out of the dataset.
import { personalizableCustomers } from "../personalization/consent-gate.server";
import { keysetPages, type AnalyticsTable } from "./analytics-table.server";

const PAGE = 2_000;

export const customerSegmentsTable: AnalyticsTable = {
  name: "customer_segments",
  columns: [
    { name: "customer_ref", type: "string" },
    { name: "rfm_group", type: "string" },
    { name: "recency_score", type: "int" },
    { name: "frequency_score", type: "int" },
    { name: "monetary_score", type: "int" },
    { name: "cluster", type: "int", nullable: true },
    { name: "cluster_label", type: "string", nullable: true },
    { name: "probability_alive", type: "double", nullable: true },
    { name: "expected_purchases_90d", type: "double", nullable: true },
    { name: "predicted_value_12m", type: "double", nullable: true },
    { name: "scored_at", type: "timestamp" },
  ],
  async *batches({ db, shop }) {
    const { allowed } = await personalizableCustomers({ db, shop });
    const pages = keysetPages(
      (after: { customerRef: string } | undefined) =>
        db.customerInsight.findMany({
          where: { shop, ...(after && { customerRef: { gt: after.customerRef } }) },
          orderBy: { customerRef: "asc" },
          take: PAGE,
          select: { customerRef: true, analyticsRef: true, rfmGroup: true, recency: true, frequency: true, monetary: true, cluster: true, clusterLabel: true, probabilityAlive: true, expectedPurchases90d: true, predictedValue12m: true, scoredAt: true },
        }),
      PAGE,
    );
    for await (const page of pages) {
      yield page
        .filter((insight) => allowed.has(insight.customerRef))
        .map((insight) => ({
          customer_ref: insight.analyticsRef,
          rfm_group: insight.rfmGroup,
          recency_score: insight.recency,
          frequency_score: insight.frequency,
          monetary_score: insight.monetary,
          cluster: insight.cluster,
          cluster_label: insight.clusterLabel,
          probability_alive: insight.probabilityAlive,
          expected_purchases_90d: insight.expectedPurchases90d,
          predicted_value_12m: insight.predictedValue12m,
          scored_at: insight.scoredAt,
        }));
    }
  },
};
