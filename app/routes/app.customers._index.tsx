// Customers: the synced customers with their personal data masked, newest first, and an exact search
// by email or phone (through the blind indexes) or by Shopify customer id.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { BlockStack, Button, InlineStack, Layout, Link, Pagination, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { AdminPage } from "../components/admin-page";
import { RouteErrorPage } from "../components/route-error-page";
import { ScrollableDataTable } from "../components/scrollable-data-table";
import { SectionCard } from "../components/section-card";
import { listCustomers, searchCustomers } from "../customers/customer-search.server";
import { shopDb } from "../db.server";
import { parseQueryOrBadRequest } from "../http/bad-request.server";
import { titled } from "../i18n/meta";
import { useAdminLanguage } from "../i18n/use-admin-language";
import { authenticate } from "../shopify.server";
import { vault } from "../vault/vault.server";

export const meta = titled("customers.title");

const listQuery = z.object({ q: z.string().trim().max(320).optional(), page: z.coerce.number().int().min(1).max(10_000).default(1) });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { q, page } = parseQueryOrBadRequest(listQuery, request);
  if (q) return { query: q, page: 1, customers: await searchCustomers({ db: shopDb(session.shop), vault: vault(), shop: session.shop, query: q }), hasNext: false };
  return { query: "", page, ...(await listCustomers({ db: shopDb(session.shop), vault: vault(), shop: session.shop, page })) };
};

export default function Customers() {
  const { query, page, customers, hasNext } = useLoaderData<typeof loader>();
  const { t, format } = useAdminLanguage();
  const [search, setSearch] = useState(query);
  const searching = useNavigation().state === "loading";
  const [searchParams, setSearchParams] = useSearchParams();
  const goToPage = (next: number) => {
    const params = new URLSearchParams(searchParams);
    params.set("page", String(next));
    setSearchParams(params);
  };
  const none = query ? t("customers.noMatch") : t("customers.none");
  return (
    <AdminPage title={t("customers.title")}>
      <Layout>
        <SectionCard title={t("customers.searchTitle")} help={t("customers.searchHelp")}>
          <Form method="get">
            <BlockStack gap="200">
              <TextField label={t("customers.searchLabel")} name="q" value={search} onChange={setSearch} autoComplete="off" type="search" />
              <InlineStack gap="200">
                <Button submit variant="primary" loading={searching}>
                  {t("customers.search")}
                </Button>
                {query ? <Button url="/app/customers">{t("customers.clear")}</Button> : null}
              </InlineStack>
            </BlockStack>
          </Form>
        </SectionCard>
        <SectionCard title={query ? t("customers.results") : t("customers.listTitle")} help={t("customers.maskedHelp")}>
          {customers.length === 0 ? (
            <Text as="p" tone="subdued">
              {none}
            </Text>
          ) : (
            <ScrollableDataTable
              columnContentTypes={["text", "text", "text", "text", "text"]}
              headings={[t("customers.columns.customer"), t("customers.columns.name"), t("customers.columns.email"), t("customers.columns.phone"), t("customers.columns.since")]}
              rows={customers.map((customer) => [
                <Link key={customer.customerId} url={`/app/customers/${customer.customerId}`}>
                  {customer.customerId}
                </Link>,
                customer.name ?? "—",
                customer.email ?? "—",
                customer.phone ?? "—",
                format.date(customer.createdAt),
              ])}
            />
          )}
          {/* Paging controls only when there is another page to go to. */}
          {!query && (hasNext || page > 1) ? (
            <Pagination
              hasPrevious={page > 1}
              onPrevious={() => goToPage(page - 1)}
              hasNext={hasNext}
              onNext={() => goToPage(page + 1)}
              accessibilityLabels={{ previous: t("customers.previous"), next: t("customers.next") }}
            />
          ) : null}
        </SectionCard>
      </Layout>
    </AdminPage>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backUrl="/app" />;
}
