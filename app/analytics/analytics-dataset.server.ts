// The one definition of a shop's analytics dataset: the tables a BI tool reads, in this order. The
// export (export-analytics.server.ts) writes them; the PostgreSQL `analytics` schema's views
// (prisma/postgresql/migrations/*_analytics_views) show the same tables, checked against this list by
// test/analytics.export.test.ts. Why and what it leaves out: docs/decisions/021-analytics-dataset.md.
import type { AnalyticsTable } from "./analytics-table.server";
import { consentDailyTable, privacyRequestsDailyTable } from "./figure-tables.server";
import { orderLinesTable, ordersTable, productsTable } from "./order-tables.server";
import { customerSegmentsTable } from "./segment-table.server";

export const ANALYTICS_TABLES: readonly AnalyticsTable[] = [ordersTable, orderLinesTable, productsTable, customerSegmentsTable, consentDailyTable, privacyRequestsDailyTable];
