// The merchant's list of privacy requests Shopify sent: deadlines first in sight, problems never silent.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Card, ChoiceList, EmptyState, Filters, IndexTable, Link, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { RequestDueBadge, RequestStatusBadge } from "../components/request-badges";
import { RouteErrorPage } from "../components/route-error-page";
import { db } from "../db.server";
import { parseQueryOrBadRequest } from "../http/bad-request.server";
import { listPrivacyRequests } from "../privacy/request-list.server";
import { DUE_SOON_DAYS, REQUEST_STATUS_LABELS, REQUEST_STATUSES, REQUEST_TYPE_LABELS } from "../privacy/request-labels";
import { authenticate } from "../shopify.server";

const REQUEST_TYPES = Object.keys(REQUEST_TYPE_LABELS) as (keyof typeof REQUEST_TYPE_LABELS)[];

const listQuery = z.object({
  type: z.enum(REQUEST_TYPES).optional(),
  status: z.enum(REQUEST_STATUSES).optional(),
  overdue: z.literal("1").optional(),
  page: z.coerce.number().int().min(1).default(1),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const query = parseQueryOrBadRequest(listQuery, request);
  return listPrivacyRequests({
    db: db(),
    shop: session.shop,
    filters: { type: query.type, status: query.status, overdueOnly: query.overdue === "1" },
    page: query.page,
  });
};

const choices = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

export default function PrivacyRequests() {
  const { requests, page, hasNext, hasPrevious, matching, alerts } = useLoaderData<typeof loader>();
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

  const filters = [
    { key: "type", label: "Type", filter: <ChoiceList title="Type" titleHidden choices={choices(REQUEST_TYPE_LABELS)} selected={type ? [type] : []} onChange={([value]) => setParam("type", value ?? null)} /> },
    { key: "status", label: "Status", filter: <ChoiceList title="Status" titleHidden choices={choices(REQUEST_STATUS_LABELS)} selected={status ? [status] : []} onChange={([value]) => setParam("status", value ?? null)} /> },
    { key: "overdue", label: "Overdue", filter: <ChoiceList title="Overdue" titleHidden allowMultiple choices={[{ value: "1", label: "Overdue only" }]} selected={overdue ? ["1"] : []} onChange={([value]) => setParam("overdue", value ?? null)} /> },
  ];
  const appliedFilters = [
    ...(type ? [{ key: "type", label: REQUEST_TYPE_LABELS[type as keyof typeof REQUEST_TYPE_LABELS], onRemove: () => setParam("type", null) }] : []),
    ...(status ? [{ key: "status", label: REQUEST_STATUS_LABELS[status as keyof typeof REQUEST_STATUS_LABELS], onRemove: () => setParam("status", null) }] : []),
    ...(overdue ? [{ key: "overdue", label: "Overdue only", onRemove: () => setParam("overdue", null) }] : []),
  ];

  if (matching === 0 && !filtered) {
    return (
      <Page title="Privacy requests">
        <TitleBar title="Privacy requests" />
        <Card>
          <EmptyState heading="No privacy requests yet" image="https://cdn.shopify.com/s/files/1/0262/4071/2726/files/emptystate-files.png">
            <p>
              Shopify sends a request here when a customer asks for their data or to be erased, and when a shop is erased after
              uninstalling. Consent Vault carries each out within the legal deadline and lists it on this page.
            </p>
          </EmptyState>
        </Card>
      </Page>
    );
  }

  return (
    <Page title="Privacy requests">
      <TitleBar title="Privacy requests" />
      <BlockStack gap="400">
        {alerts.failed + alerts.overdue > 0 && (
          <Banner tone="critical" title="Privacy requests need your attention">
            <p>
              {alerts.failed} failed and {alerts.overdue} overdue. Customers are owed an answer within 30 days: open each request to retry it
              or see why it stopped.
            </p>
          </Banner>
        )}
        {alerts.dueSoon > 0 && (
          <Banner tone="warning" title={`${alerts.dueSoon} due within ${DUE_SOON_DAYS} days`}>
            <p>These requests are still open and their deadline is close.</p>
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
            resourceName={{ singular: "privacy request", plural: "privacy requests" }}
            itemCount={requests.length}
            selectable={false}
            headings={[{ title: "Type" }, { title: "Customer" }, { title: "Received" }, { title: "Deadline" }, { title: "Status" }]}
            pagination={{
              hasNext,
              hasPrevious,
              onNext: () => setParam("page", String(page + 1)),
              onPrevious: () => setParam("page", String(page - 1)),
            }}
          >
            {requests.map((request, index) => (
              <IndexTable.Row id={request.id} key={request.id} position={index}>
                <IndexTable.Cell>
                  <Link url={`/app/requests/${request.id}`} dataPrimaryLink removeUnderline>
                    {REQUEST_TYPE_LABELS[request.type]}
                  </Link>
                </IndexTable.Cell>
                <IndexTable.Cell>{request.customer}</IndexTable.Cell>
                <IndexTable.Cell>{new Date(request.receivedAt).toLocaleDateString()}</IndexTable.Cell>
                <IndexTable.Cell>
                  <RequestDueBadge daysLeft={request.daysLeft} />
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <RequestStatusBadge status={request.status} nextAttemptAt={request.nextAttemptAt} />
                  {request.lastError && request.status === "retrying" ? (
                    <Text as="p" tone="subdued" variant="bodySm">
                      {`Attempt ${request.attempts} failed: ${request.lastError}`}
                    </Text>
                  ) : null}
                  {request.lastError && request.status === "failed" ? (
                    <Text as="p" tone="critical" variant="bodySm">
                      {`After ${request.attempts} attempts: ${request.lastError}`}
                    </Text>
                  ) : null}
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </Card>
      </BlockStack>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backUrl="/app/requests" />;
}
