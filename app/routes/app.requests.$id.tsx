// One privacy request: where it stands, what happened, its export or its erasure receipt, and what
// staff can do about it (retry, hold, resume).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { staffActor } from "../audit/staff-actor.server";
import { ExportDownloadButton } from "../components/export-download-button";
import { RequestDueBadge, RequestStatusBadge } from "../components/request-badges";
import { RouteErrorPage } from "../components/route-error-page";
import { db } from "../db.server";
import { parseOrBadRequest } from "../http/bad-request.server";
import { relaySoon } from "../jobs/relay-soon.server";
import { actOnPrivacyRequest, REQUEST_INTENTS } from "../privacy/request-actions.server";
import { getPrivacyRequest } from "../privacy/request-list.server";
import { REQUEST_EVENT_LABELS, REQUEST_STATUS_LABELS, REQUEST_TYPE_LABELS, requestStatusLabel } from "../privacy/request-labels";
import { authenticate } from "../shopify.server";

const routeParams = z.object({ id: z.uuid() });
const actionForm = z.object({ intent: z.enum(REQUEST_INTENTS) });

const notFound = () => Response.json({ error: "There is no such privacy request in this shop." }, { status: 404 });

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { id } = parseOrBadRequest(routeParams, params);
  const privacyRequest = await getPrivacyRequest({ db: db(), shop: session.shop, id });
  if (!privacyRequest) throw notFound();
  return { request: privacyRequest };
};

const DONE_MESSAGES = { retry: "Retrying now.", hold: "The request is on hold.", resume: "The request is queued again." } as const;

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const { id } = parseOrBadRequest(routeParams, params);
  const { intent } = parseOrBadRequest(actionForm, Object.fromEntries(await request.formData()));
  const result = await actOnPrivacyRequest({ db: db(), shop: session.shop, id, intent, actor: staffActor(sessionToken) });
  if (result.outcome === "not_found") throw notFound();
  if (result.outcome === "not_allowed") {
    const status = REQUEST_STATUS_LABELS[result.status as keyof typeof REQUEST_STATUS_LABELS] ?? result.status;
    return Response.json({ error: `A request that is "${status}" cannot be changed this way.` }, { status: 409 });
  }
  if (result.outbox) relaySoon([result.outbox]);
  return { message: DONE_MESSAGES[intent] };
};

const formatDate = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "—");
const formatSize = (bytes: number) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`);

function IntentButton({ intent, label, primary }: { intent: string; label: string; primary?: boolean }) {
  const navigation = useNavigation();
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <Button submit variant={primary ? "primary" : undefined} loading={navigation.formData?.get("intent") === intent}>
        {label}
      </Button>
    </Form>
  );
}

export default function PrivacyRequestDetail() {
  const { request } = useLoaderData<typeof loader>();
  const outcome = useActionData<{ message?: string; error?: string }>();
  const open = request.status !== "completed";
  return (
    <Page title={REQUEST_TYPE_LABELS[request.type]} subtitle={request.customer} backAction={{ content: "Privacy requests", url: "/app/requests" }}>
      <TitleBar title="Privacy request" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {outcome?.message && <Banner tone="success">{outcome.message}</Banner>}
            {outcome?.error && <Banner tone="critical">{outcome.error}</Banner>}
            {request.status === "retrying" && (
              <Banner tone="warning" title={requestStatusLabel(request)}>
                <p>{`Attempt ${request.attempts} failed: ${request.lastError ?? "no reason recorded"}. It is retried automatically.`}</p>
              </Banner>
            )}
            {request.status === "failed" && (
              <Banner tone="critical" title="This request failed">
                <p>{`After ${request.attempts} attempts: ${request.lastError ?? "no reason recorded"}. Fix the cause, then retry.`}</p>
              </Banner>
            )}
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between">
                  <Text as="h2" variant="headingMd">
                    Summary
                  </Text>
                  <InlineStack gap="200">
                    <RequestStatusBadge status={request.status} nextAttemptAt={request.nextAttemptAt} />
                    <RequestDueBadge daysLeft={request.daysLeft} />
                  </InlineStack>
                </InlineStack>
                <DataTable
                  columnContentTypes={["text", "text"]}
                  headings={[]}
                  rows={[
                    ["Type", REQUEST_TYPE_LABELS[request.type]],
                    ["Customer", request.customer],
                    ["Received", formatDate(request.receivedAt)],
                    ["Due", formatDate(request.dueAt)],
                    ["Completed", formatDate(request.completedAt)],
                    ["Attempts", String(request.attempts)],
                  ]}
                />
                {open && (
                  <InlineStack gap="200">
                    {request.status === "failed" && <IntentButton intent="retry" label="Retry now" primary />}
                    {request.status === "on_hold" ? <IntentButton intent="resume" label="Resume" primary /> : <IntentButton intent="hold" label="Put on hold" />}
                  </InlineStack>
                )}
              </BlockStack>
            </Card>
            {request.type === "data_request" && (
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Export
                  </Text>
                  {request.exports.length === 0 ? (
                    <Text as="p" tone="subdued">
                      No export is available.
                    </Text>
                  ) : (
                    request.exports.map((stored) => (
                      <InlineStack key={stored.format} align="space-between" blockAlign="center">
                        <Text as="span">{`${stored.format.toUpperCase()} · ${formatSize(stored.byteSize)} · ${stored.downloadedAt ? `last downloaded ${formatDate(stored.downloadedAt)}` : "not downloaded yet"}`}</Text>
                        {stored.expired ? (
                          <Badge>Expired</Badge>
                        ) : (
                          <InlineStack gap="200" blockAlign="center">
                            <Text as="span" tone="subdued">{`Expires ${formatDate(stored.expiresAt)}`}</Text>
                            <ExportDownloadButton url={`/app/requests/${request.id}/export/${stored.format}`} label={`Download ${stored.format.toUpperCase()}`} />
                          </InlineStack>
                        )}
                      </InlineStack>
                    ))
                  )}
                </BlockStack>
              </Card>
            )}
            {request.receipts.map((receipt) => (
              <Card key={receipt.digest}>
                <BlockStack gap="300">
                  <InlineStack align="space-between">
                    <Text as="h2" variant="headingMd">
                      Redaction receipt
                    </Text>
                    {receipt.verified ? <Badge tone="success">Verified</Badge> : <Badge tone="critical">Does not verify</Badge>}
                  </InlineStack>
                  <Text as="p">{`Erased ${formatDate(receipt.erasedAt)}`}</Text>
                  <DataTable columnContentTypes={["text", "numeric"]} headings={["What", "Erased"]} rows={Object.entries(receipt.erased).map(([kind, count]) => [kind, count])} />
                  <Text as="p" tone="subdued" variant="bodySm" breakWord>
                    {`Digest ${receipt.digest}`}
                  </Text>
                </BlockStack>
              </Card>
            ))}
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Timeline
              </Text>
              {request.timeline.map((event, index) => (
                <BlockStack key={index} gap="050">
                  <Text as="span" fontWeight="semibold">
                    {REQUEST_EVENT_LABELS[event.kind] ?? event.kind}
                  </Text>
                  <Text as="span" tone="subdued" variant="bodySm">
                    {formatDate(event.at)}
                    {typeof event.detail?.reason === "string" ? ` · ${event.detail.reason}` : ""}
                  </Text>
                </BlockStack>
              ))}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backUrl="/app/requests" />;
}
