// The merchant's list of privacy requests Shopify sent: deadlines first in sight, problems never silent.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { Banner, BlockStack, Card, ChoiceList, EmptyState, Filters, IndexTable, InlineStack, Link, Text, useBreakpoints } from "@shopify/polaris";
import { z } from "zod";
import { AdminPage } from "../components/admin-page";
import { RequestDueBadge, RequestStatusBadge } from "../components/request-badges";
import { RouteErrorPage } from "../components/route-error-page";
import { shopDb } from "../db.server";
import { parseQueryOrBadRequest } from "../http/bad-request.server";
import { titled } from "../i18n/meta";
import { useAdminLanguage } from "../i18n/use-admin-language";
import { listPrivacyRequests } from "../privacy/request-list.server";
import { DUE_SOON_DAYS, REQUEST_STATUSES, REQUEST_TYPES, subjectLabel } from "../privacy/request-labels";
import { authenticate } from "../shopify.server";

const listQuery = z.object({
  type: z.enum(REQUEST_TYPES).optional(),
  status: z.enum(REQUEST_STATUSES).optional(),
  overdue: z.literal("1").optional(),
  page: z.coerce.number().int().min(1).default(1),
});

export const meta = titled("requests.title");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const query = parseQueryOrBadRequest(listQuery, request);
  return listPrivacyRequests({
    db: shopDb(session.shop),
    shop: session.shop,
    filters: { type: query.type, status: query.status, overdueOnly: query.overdue === "1" },
    page: query.page,
  });
};

export default function PrivacyRequests() {
  const { requests, page, hasNext, hasPrevious, matching, alerts } = useLoaderData<typeof loader>();
  const { t, format } = useAdminLanguage();
  // On a phone the table collapses to one stacked cell per request, deadline and status included.
  const condensed = useBreakpoints().smDown;
  const [searchParams, setSearchParams] = useSearchParams();
  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(searchParams);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== "page") next.delete("page");
    setSearchParams(next);
  };
  const type = searchParams.get("type");
  const status = searchParams.get("status");
  const overdue = searchParams.get("overdue");
  const filtered = Boolean(type || status || overdue);
  const typeChoices = REQUEST_TYPES.map((value) => ({ value, label: t(`requests.type.${value}`) }));
  const statusChoices = REQUEST_STATUSES.map((value) => ({ value, label: t(`requests.status.${value}`) }));

  const filters = [
    { key: "type", label: t("requests.filters.type"), filter: <ChoiceList title={t("requests.filters.type")} titleHidden choices={typeChoices} selected={type ? [type] : []} onChange={([value]) => setParam("type", value ?? null)} /> },
    { key: "status", label: t("requests.filters.status"), filter: <ChoiceList title={t("requests.filters.status")} titleHidden choices={statusChoices} selected={status ? [status] : []} onChange={([value]) => setParam("status", value ?? null)} /> },
    { key: "overdue", label: t("requests.filters.overdue"), filter: <ChoiceList title={t("requests.filters.overdue")} titleHidden allowMultiple choices={[{ value: "1", label: t("requests.filters.overdueOnly") }]} selected={overdue ? ["1"] : []} onChange={([value]) => setParam("overdue", value ?? null)} /> },
  ];
  const appliedFilters = [
    ...(type ? [{ key: "type", label: t(`requests.type.${type}`), onRemove: () => setParam("type", null) }] : []),
    ...(status ? [{ key: "status", label: t(`requests.status.${status}`), onRemove: () => setParam("status", null) }] : []),
    ...(overdue ? [{ key: "overdue", label: t("requests.filters.overdueOnly"), onRemove: () => setParam("overdue", null) }] : []),
  ];

  if (matching === 0 && !filtered) {
    return (
      <AdminPage title={t("requests.title")}>
        <Card>
          <EmptyState heading={t("requests.emptyHeading")} image="https://cdn.shopify.com/s/files/1/0262/4071/2726/files/emptystate-files.png">
            <p>{t("requests.emptyBody")}</p>
          </EmptyState>
        </Card>
      </AdminPage>
    );
  }

  return (
    <AdminPage title={t("requests.title")}>
      <BlockStack gap="400">
        {alerts.failed + alerts.overdue > 0 && (
          <Banner tone="critical" title={t("requests.attentionTitle")}>
            <p>{t("requests.attentionBody", { failed: alerts.failed, overdue: alerts.overdue })}</p>
          </Banner>
        )}
        {alerts.dueSoon > 0 && (
          <Banner tone="warning" title={t("requests.dueSoonTitle", { count: alerts.dueSoon, days: DUE_SOON_DAYS })}>
            <p>{t("requests.dueSoonBody")}</p>
          </Banner>
        )}
        <Card padding="0">
          <Filters
            queryValue=""
            hideQueryField
            filters={filters}
            appliedFilters={appliedFilters}
            onQueryChange={() => {}}
            onQueryClear={() => {}}
            onClearAll={() => setSearchParams(new URLSearchParams([...searchParams].filter(([key]) => !(key in listQuery.shape))))}
          />
          <IndexTable
            condensed={condensed}
            resourceName={{ singular: t("requests.resourceSingular"), plural: t("requests.resourcePlural") }}
            itemCount={requests.length}
            selectable={false}
            headings={[
              { title: t("requests.columns.type") },
              { title: t("requests.columns.customer") },
              { title: t("requests.columns.received") },
              { title: t("requests.columns.deadline") },
              { title: t("requests.columns.status") },
            ]}
            // Paging controls only when there is another page to go to.
            pagination={
              hasNext || hasPrevious
                ? { hasNext, hasPrevious, onNext: () => setParam("page", String(page + 1)), onPrevious: () => setParam("page", String(page - 1)) }
                : undefined
            }
          >
            {requests.map((request, index) => {
              const title = (
                <Link url={`/app/requests/${request.id}`} dataPrimaryLink removeUnderline>
                  {t(`requests.type.${request.type}`)}
                </Link>
              );
              const badges = { due: <RequestDueBadge daysLeft={request.daysLeft} />, status: <RequestStatusBadge {...request} /> };
              // Why a request stopped, in the merchant's words; the request's page says what to do.
              const reason = request.failure && ["failed", "retrying", "on_hold"].includes(request.status) ? (
                // Table cells do not wrap; the sentence may.
                <div style={{ whiteSpace: "normal", maxWidth: "22rem" }}>
                  <Text as="p" tone={request.status === "failed" ? "critical" : "subdued"} variant="bodySm">
                    {t(`failure.${request.failure}.reason`)}
                  </Text>
                </div>
              ) : null;
              return (
                <IndexTable.Row id={request.id} key={request.id} position={index}>
                  {condensed ? (
                    <IndexTable.Cell>
                      <BlockStack gap="100" inlineAlign="start">
                        <Text as="span" fontWeight="semibold">
                          {title}
                        </Text>
                        <Text as="span" tone="subdued" variant="bodySm">{`${subjectLabel(t, request.subject)} · ${format.date(request.receivedAt)}`}</Text>
                        <InlineStack gap="200" wrap>
                          {badges.due}
                          {badges.status}
                        </InlineStack>
                        {reason}
                      </BlockStack>
                    </IndexTable.Cell>
                  ) : (
                    <>
                      <IndexTable.Cell>{title}</IndexTable.Cell>
                      <IndexTable.Cell>{subjectLabel(t, request.subject)}</IndexTable.Cell>
                      <IndexTable.Cell>{format.date(request.receivedAt)}</IndexTable.Cell>
                      <IndexTable.Cell>{badges.due}</IndexTable.Cell>
                      <IndexTable.Cell>
                        <BlockStack gap="100" inlineAlign="start">
                          {badges.status}
                          {reason}
                        </BlockStack>
                      </IndexTable.Cell>
                    </>
                  )}
                </IndexTable.Row>
              );
            })}
          </IndexTable>
        </Card>
      </BlockStack>
    </AdminPage>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backUrl="/app/requests" />;
}
