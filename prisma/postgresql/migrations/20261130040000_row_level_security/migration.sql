-- Row-level security by shop on every table that holds customer data, see
-- docs/decisions/016-row-level-security.md. Shop-scoped work runs as consent_vault_app and sets
-- app.shop at the start of each transaction. As that role, a query without it sees no rows and may
-- write none. The role that runs the migrations owns the tables and is not subject to the policies:
-- it is the maintenance role for the work that spans shops (the relay, sweeps, backups, the tools).
-- The migration runner splits scripts at every semicolon, so none may appear inside a statement or a
-- comment: the DO body spells them as the escape \073.

-- Roles are global to the server: another database on it may have made this one already.
DO E'BEGIN CREATE ROLE consent_vault_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS\073 EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL\073 END';

-- The migrating role switches to the app role for shop-scoped work (SET ROLE), so it must be a member.
GRANT consent_vault_app TO CURRENT_USER;

GRANT USAGE ON SCHEMA public TO consent_vault_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO consent_vault_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO consent_vault_app;
-- Tables that later migrations create, by the same migrating role.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO consent_vault_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO consent_vault_app;
REVOKE ALL ON "_prisma_migrations" FROM consent_vault_app;

ALTER TABLE "Customer" ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_isolation ON "Customer" TO consent_vault_app
  USING ("shop" = current_setting('app.shop', true)) WITH CHECK ("shop" = current_setting('app.shop', true));

ALTER TABLE "Order" ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_isolation ON "Order" TO consent_vault_app
  USING ("shop" = current_setting('app.shop', true)) WITH CHECK ("shop" = current_setting('app.shop', true));

ALTER TABLE "VaultCustomerKey" ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_isolation ON "VaultCustomerKey" TO consent_vault_app
  USING ("shop" = current_setting('app.shop', true)) WITH CHECK ("shop" = current_setting('app.shop', true));

ALTER TABLE "PurchaseLine" ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_isolation ON "PurchaseLine" TO consent_vault_app
  USING ("shop" = current_setting('app.shop', true)) WITH CHECK ("shop" = current_setting('app.shop', true));

ALTER TABLE "CustomerInsight" ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_isolation ON "CustomerInsight" TO consent_vault_app
  USING ("shop" = current_setting('app.shop', true)) WITH CHECK ("shop" = current_setting('app.shop', true));

ALTER TABLE "ConsentReceipt" ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_isolation ON "ConsentReceipt" TO consent_vault_app
  USING ("shop" = current_setting('app.shop', true)) WITH CHECK ("shop" = current_setting('app.shop', true));

ALTER TABLE "PrivacyRequest" ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_isolation ON "PrivacyRequest" TO consent_vault_app
  USING ("shop" = current_setting('app.shop', true)) WITH CHECK ("shop" = current_setting('app.shop', true));

ALTER TABLE "PrivacyRequestEvent" ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_isolation ON "PrivacyRequestEvent" TO consent_vault_app
  USING ("shop" = current_setting('app.shop', true)) WITH CHECK ("shop" = current_setting('app.shop', true));

ALTER TABLE "DataExport" ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_isolation ON "DataExport" TO consent_vault_app
  USING ("shop" = current_setting('app.shop', true)) WITH CHECK ("shop" = current_setting('app.shop', true));

ALTER TABLE "StorefrontLink" ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_isolation ON "StorefrontLink" TO consent_vault_app
  USING ("shop" = current_setting('app.shop', true)) WITH CHECK ("shop" = current_setting('app.shop', true));

ALTER TABLE "AuditEvent" ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_isolation ON "AuditEvent" TO consent_vault_app
  USING ("shop" = current_setting('app.shop', true)) WITH CHECK ("shop" = current_setting('app.shop', true));
