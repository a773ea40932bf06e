-- Written by hand, PostgreSQL only (docs/decisions/021-analytics-dataset.md): the `analytics` schema
-- a BI tool reads, one view per table of the analytics dataset (app/analytics/analytics-dataset.server.ts),
-- with the same columns plus `shop`, and the read-only role `consent_vault_analytics`.
-- `npm run db:migration` diffs the models schema to schema and never sees these views. A later
-- migration that drops or retypes a column read here fails until it drops and recreates the view.

CREATE SCHEMA IF NOT EXISTS analytics;

CREATE VIEW analytics.orders AS
SELECT o."shop" AS shop,
       o."orderId" AS order_id,
       o."customerAnalyticsRef" AS customer_ref,
       o."processedAt" AS processed_at,
       o."totalPrice"::double precision AS total_price,
       o."currency" AS currency,
       o."financialStatus" AS financial_status,
       (CASE WHEN o."lineItems" <> '[]' THEN jsonb_array_length(o."lineItems"::jsonb)
             ELSE (SELECT count(*) FROM "PurchaseLine" p WHERE p."shop" = o."shop" AND p."orderId" = o."orderId") END)::integer AS line_count
FROM "Order" o;

-- The lines stored with the order. An order stored by the full sync has none: its backfilled purchase lines instead.
CREATE VIEW analytics.order_lines AS
SELECT o."shop" AS shop,
       o."orderId" AS order_id,
       (item.ordinality - 1)::integer AS line,
       item.value ->> 'productId' AS product_id,
       item.value ->> 'variantId' AS variant_id,
       (item.value ->> 'quantity')::integer AS quantity,
       (item.value ->> 'price')::double precision AS unit_price
FROM "Order" o
CROSS JOIN LATERAL jsonb_array_elements(o."lineItems"::jsonb) WITH ORDINALITY AS item(value, ordinality)
WHERE o."lineItems" <> '[]'
UNION ALL
SELECT o."shop",
       o."orderId",
       (row_number() OVER (PARTITION BY p."shop", p."orderId" ORDER BY p."line") - 1)::integer,
       p."productId",
       p."variantId",
       p."quantity",
       p."unitPrice"
FROM "Order" o
JOIN "PurchaseLine" p ON p."shop" = o."shop" AND p."orderId" = o."orderId"
WHERE o."lineItems" = '[]';

CREATE VIEW analytics.products AS
SELECT l.shop,
       l.product_id,
       count(DISTINCT l.variant_id)::integer AS variant_count,
       sum(l.quantity)::integer AS units_sold,
       count(DISTINCT l.order_id)::integer AS order_count,
       a."boughtTogether" AS bought_together
FROM analytics.order_lines l
LEFT JOIN "ProductAffinity" a ON a."shop" = l.shop AND a."productId" = l.product_id
WHERE l.product_id IS NOT NULL
GROUP BY l.shop, l.product_id, a."boughtTogether";

-- Results exist only for customers whose consent allows personalization: a "no" from the gate deletes them
-- (decision 014). The export asks the gate once more, SQL cannot, so a result still waiting for its
-- deletion can show here for that short while.
CREATE VIEW analytics.customer_segments AS
SELECT i."shop" AS shop,
       i."analyticsRef" AS customer_ref,
       i."rfmGroup" AS rfm_group,
       i."recency" AS recency_score,
       i."frequency" AS frequency_score,
       i."monetary" AS monetary_score,
       i."cluster" AS cluster,
       i."clusterLabel" AS cluster_label,
       i."probabilityAlive" AS probability_alive,
       i."expectedPurchases90d" AS expected_purchases_90d,
       i."predictedValue12m" AS predicted_value_12m,
       i."scoredAt" AS scored_at
FROM "CustomerInsight" i;

-- Days are UTC days, as in the export (timestamps are stored in UTC).
CREATE VIEW analytics.consent_daily AS
SELECT r."shop" AS shop,
       r."recordedAt"::date AS day,
       c.category,
       c.granted,
       count(*)::integer AS receipts
FROM "ConsentReceipt" r
CROSS JOIN LATERAL (VALUES ('analytics', r."analytics"), ('marketing', r."marketing"), ('preferences', r."preferences"), ('sale_of_data', r."saleOfData")) AS c(category, granted)
GROUP BY r."shop", r."recordedAt"::date, c.category, c.granted;

CREATE VIEW analytics.privacy_requests_daily AS
SELECT "shop" AS shop,
       "receivedAt"::date AS day,
       "type" AS type,
       "source" AS source,
       "status" AS status,
       count(*)::integer AS requests
FROM "PrivacyRequest"
GROUP BY "shop", "receivedAt"::date, "type", "source", "status";

-- The role a BI tool connects as: the views above, views later migrations add to the schema, and
-- nothing else. Created without a login, the operator gives it one (README, "Production"). A database
-- user that may not create roles skips it with a notice instead of failing the deployment, and the
-- grants follow wherever the role exists. Two databases of one server migrated at once may both try to
-- create it: the second one carries on.
-- Written as one escaped string with \073 for each semicolon: the migration runner (the PostgreSQL
-- driver adapter) cuts a migration at every semicolon, inside a DO block too.
DO E'
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = \'consent_vault_analytics\') THEN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = current_user AND (rolcreaterole OR rolsuper)) THEN
      BEGIN
        CREATE ROLE consent_vault_analytics NOLOGIN\073
      EXCEPTION WHEN duplicate_object THEN
        NULL\073
      END\073
    ELSE
      RAISE NOTICE \'role consent_vault_analytics not created: % may not create roles (see README, Production)\', current_user\073
    END IF\073
  END IF\073
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = \'consent_vault_analytics\') THEN
    EXECUTE format(\'GRANT CONNECT ON DATABASE %I TO consent_vault_analytics\', current_database())\073
    GRANT USAGE ON SCHEMA analytics TO consent_vault_analytics\073
    GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO consent_vault_analytics\073
    ALTER DEFAULT PRIVILEGES IN SCHEMA analytics GRANT SELECT ON TABLES TO consent_vault_analytics\073
  END IF\073
END
';
