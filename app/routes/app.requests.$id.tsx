// One privacy request: where it stands and what it achieved, why it stopped and what to do, its
// export or its erasure receipt, and what staff can do about it (retry, hold, resume, mark sent).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, DescriptionList, InlineStack, Layout, Link, Text, TextField } from "@shopify/polaris";
import { useEffect } from "react";
import { z } from "zod";
import { staffActor } from "../audit/staff-actor.server";
import { AdminPage } from "../components/admin-page";
import { DownloadButton } from "../components/download-button";
import { RequestDueBadge, RequestStatusBadge } from "../components/request-badges";
import { RouteErrorPage } from "../components/route-error-page";
import { StepUpCard } from "../components/step-up-card";
import { shopDb } from "../db.server";
import { parseOrBadRequest } from "../http/bad-request.server";
import { titled } from "../i18n/meta";
import { useAdminLanguage } from "../i18n/use-admin-language";
import { relaySoon } from "../jobs/relay-soon.server";
import { createExportDeliveryLink } from "../privacy-center/export-delivery.server";
import { actOnPrivacyRequest, markExportDelivered, REQUEST_INTENTS } from "../privacy/request-actions.server";
import { getPrivacyRequest } from "../privacy/request-list.server";
import { subjectLabel } from "../privacy/request-labels";
import { authenticate } from "../shopify.server";
import { requireStaffMember } from "../staff/staff-member.server";
import { stepUpStatus } from "../staff/step-up.server";

const routeParams = z.object({ id: z.uuid() });
const actionForm = z.object({ intent: z.enum([...REQUEST_INTENTS, "deliver", "sendToCustomer"]) });

const notFound = () => Response.json({ error: "There is no such privacy request in this shop." }, { status: 404 });

export const meta = titled<{ request?: { type: string } }>((data) => (data?.request ? `requests.type.${data.request.type}` : "request.title"));

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const { id } = parseOrBadRequest(routeParams, params);
  const privacyRequest = await getPrivacyRequest({ db: shopDb(session.shop), shop: session.shop, id });
  if (!privacyRequest) throw notFound();
  return { request: privacyRequest, stepUp: await stepUpStatus({ db: shopDb(session.shop), staff: requireStaffMember(session.shop, sessionToken) }) };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const { id } = parseOrBadRequest(routeParams, params);
  const { intent } = parseOrBadRequest(actionForm, Object.fromEntries(await request.formData()));
  const options = { db: shopDb(session.shop), shop: session.shop, id, actor: staffActor(sessionToken) };
  if (intent === "sendToCustomer") {
    const link = await createExportDeliveryLink(options);
    if (link.outcome === "not_found") throw notFound();
    if (link.outcome === "not_allowed") return Response.json({ error: "sendUnavailable", status: link.status }, { status: 409 });
    // The link's MAC is not stored: this answer is the only place the whole link ever appears.
    return { done: intent, deliveryLink: `https://${session.shop}/apps/consent-vault/privacy?download=${link.token}`, linkExpiresAt: link.expiresAt.toISOString() };
  }
  const result = intent === "deliver" ? await markExportDelivered(options) : await actOnPrivacyRequest({ ...options, intent });
  if (result.outcome === "not_found") throw notFound();
  if (result.outcome === "not_allowed") {
    return Response.json({ error: `A request that is "${result.status}" cannot be changed this way.`, status: result.status }, { status: 409 });
  }
  if (result.outbox) relaySoon([result.outbox]);
  return { done: intent };
};

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

type Detail = Awaited<ReturnType<typeof loader>>["request"];

/** Why the request is not moving, in words the merchant can act on, with the id support needs. */
function StoppedBanner({ request }: { request: Detail }) {
  const { t } = useAdminLanguage();
  if (request.status === "on_hold" && !request.failure) {
    return (
      <Banner tone="warning" title={t("request.onHoldTitle")}>
        <p>{t("request.onHoldByStaff")}</p>
      </Banner>
    );
  }
  if (!request.failure || !["on_hold", "retrying", "failed"].includes(request.status)) return null;
  const title = { on_hold: "request.onHoldTitle", retrying: "request.retryingTitle", failed: "request.failedTitle" }[request.status as "on_hold" | "retrying" | "failed"];
  return (
    <Banner tone={request.status === "failed" ? "critical" : "warning"} title={t(title)}>
      <BlockStack gap="100">
        <p>{t(`failure.${request.failure}.reason`)}</p>
        {request.status === "retrying" ? <p>{t("request.retriedAutomatically", { attempts: request.attempts })}</p> : null}
        <p>{t("request.whatToDo", { action: t(`failure.${request.failure}.action`) })}</p>
        <Text as="p" tone="subdued" variant="bodySm">{`ID ${request.id}`}</Text>
      </BlockStack>
    </Banner>
  );
}

function ExportCard({ request, deliveryLink }: { request: Detail; deliveryLink: { url: string; expiresAt: string } | null }) {
  const { t, format } = useAdminLanguage();
  const note = {
    no_data: t("request.noDataHeld"),
    export_ready: t("request.exportReady"),
    delivered: request.deliveredAt ? t("request.delivered", { date: format.dateTime(request.deliveredAt) }) : null,
  }[request.outcome as "no_data" | "export_ready" | "delivered"];
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("request.export")}
        </Text>
        {note ? <Text as="p">{note}</Text> : null}
        {request.exports.length === 0 && request.outcome !== "no_data" ? (
          <Text as="p" tone="subdued">
            {t("request.noExport")}
          </Text>
        ) : null}
        {request.exports.map((stored) => (
          <InlineStack key={stored.format} align="space-between" blockAlign="center" gap="200">
            <Text as="span">
              {t("request.exportLine", {
                format: stored.format.toUpperCase(),
                size: format.bytes(stored.byteSize),
                downloaded: stored.downloadedAt ? t("request.downloadedAt", { date: format.dateTime(stored.downloadedAt) }) : t("request.notDownloaded"),
              })}
            </Text>
            {stored.expired ? (
              <Badge>{t("request.expired")}</Badge>
            ) : (
              <InlineStack gap="200" blockAlign="center">
                <Text as="span" tone="subdued">
                  {t("request.expires", { date: format.dateTime(stored.expiresAt) })}
                </Text>
                <DownloadButton url={`/app/requests/${request.id}/export/${stored.format}`} label={t("request.download", { format: stored.format.toUpperCase() })} />
              </InlineStack>
            )}
          </InlineStack>
        ))}
        {deliveryLink ? (
          <Banner tone="success" title={t("request.deliveryLinkTitle")}>
            <BlockStack gap="200">
              <p>{t("request.deliveryLinkHelp", { date: format.dateTime(deliveryLink.expiresAt) })}</p>
              <TextField label={t("request.deliveryLinkLabel")} value={deliveryLink.url} readOnly autoComplete="off" selectTextOnFocus />
            </BlockStack>
          </Banner>
        ) : null}
        {(request.outcome === "export_ready" || request.outcome === "delivered") && request.subject.kind === "customer" && request.exports.some((stored) => !stored.expired) ? (
          <InlineStack gap="200">
            <IntentButton intent="sendToCustomer" label={t("request.sendToCustomer")} primary />
            {request.outcome === "export_ready" ? <IntentButton intent="deliver" label={t("request.markDelivered")} /> : null}
          </InlineStack>
        ) : request.outcome === "export_ready" ? (
          <InlineStack>
            <IntentButton intent="deliver" label={t("request.markDelivered")} primary />
          </InlineStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}

export default function PrivacyRequestDetail() {
  const { request, stepUp } = useLoaderData<typeof loader>();
  const outcome = useActionData<{ done?: string; error?: string; status?: string; deliveryLink?: string; linkExpiresAt?: string }>();
  const { t, format } = useAdminLanguage();
  const shopify = useAppBridge();
  useEffect(() => {
    if (outcome?.done) shopify.toast.show(t(`request.done.${outcome.done}`));
  }, [outcome, shopify, t]);
  const open = request.status !== "completed";
  const rows = [
    { term: t("request.fields.type"), description: t(`requests.type.${request.type}`) },
    { term: t("request.fields.source"), description: t(`request.source.${request.source}`) },
    {
      term: t("request.fields.customer"),
      description: request.shopifyCustomerId ? (
        <InlineStack gap="200">
          <span>{subjectLabel(t, request.subject)}</span>
          <Link url={`shopify://admin/customers/${request.shopifyCustomerId}`} target="_top">
            {t("request.openInShopify")}
          </Link>
        </InlineStack>
      ) : (
        subjectLabel(t, request.subject)
      ),
    },
    ...(request.shopifyDataRequestId ? [{ term: t("request.fields.shopifyId"), description: request.shopifyDataRequestId }] : []),
    { term: t("request.fields.received"), description: format.dateTime(request.receivedAt) },
    { term: t("request.fields.due"), description: format.dateTime(request.dueAt) },
    ...(request.completedAt ? [{ term: t("request.fields.completed"), description: format.dateTime(request.completedAt) }] : []),
    { term: t("request.fields.attempts"), description: format.number(request.attempts) },
  ];
  return (
    <AdminPage title={t(`requests.type.${request.type}`)} breadcrumb={{ content: t("requests.title"), url: "/app/requests" }}>
      <Layout>
        {request.exports.some((stored) => !stored.expired) ? <StepUpCard status={stepUp} /> : null}
        <Layout.Section>
          <BlockStack gap="400">
            {outcome?.error && (
              <Banner tone="critical" title={t("errors.conflictTitle")}>
                <p>{t("errors.conflictBody")}</p>
              </Banner>
            )}
            <StoppedBanner request={request} />
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between" gap="200">
                  <Text as="h2" variant="headingMd">
                    {t("request.summary")}
                  </Text>
                  <InlineStack gap="200">
                    <RequestStatusBadge {...request} />
                    <RequestDueBadge daysLeft={request.daysLeft} />
                  </InlineStack>
                </InlineStack>
                <DescriptionList items={rows} gap="tight" />
                {open && (
                  <InlineStack gap="200">
                    {request.status === "failed" && <IntentButton intent="retry" label={t("request.retry")} primary />}
                    {request.status === "on_hold" ? <IntentButton intent="resume" label={t("request.resume")} primary /> : <IntentButton intent="hold" label={t("request.hold")} />}
                  </InlineStack>
                )}
              </BlockStack>
            </Card>
            {request.type === "data_request" && <ExportCard request={request} deliveryLink={outcome?.deliveryLink ? { url: outcome.deliveryLink, expiresAt: outcome.linkExpiresAt! } : null} />}
            {request.type !== "data_request" && request.outcome === "nobody_found" ? (
              <Card>
                <Text as="p">{t("request.nobodyFound")}</Text>
              </Card>
            ) : null}
            {request.receipts.map((receipt) => (
              <Card key={receipt.digest}>
                <BlockStack gap="300">
                  <InlineStack align="space-between">
                    <Text as="h2" variant="headingMd">
                      {`${t("request.erasureReceipt")} · ${t(`request.receiptScope.${receipt.scope}`)}`}
                    </Text>
                    {receipt.verified ? <Badge tone="success">{t("request.receiptVerified")}</Badge> : <Badge tone="critical">{t("request.receiptBroken")}</Badge>}
                  </InlineStack>
                  <Text as="p">
                    {t("request.receiptErased", { count: Object.values(receipt.erased).reduce((sum, count) => sum + count, 0), date: format.dateTime(receipt.erasedAt) })}
                  </Text>
                  <Text as="p" tone="subdued" variant="bodySm" breakWord>
                    {t("request.digest", { digest: receipt.digest })}
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
                {t("request.timeline")}
              </Text>
              <BlockStack as="ol" gap="200">
                {request.timeline.map((event, index) => (
                  <BlockStack as="li" key={index} gap="050">
                    <Text as="span" fontWeight="semibold">
                      {t(`request.events.${event.kind}`)}
                    </Text>
                    <Text as="span" tone="subdued" variant="bodySm">
                      {format.dateTime(event.at)}
                      {event.failure ? ` · ${t(`failure.${event.failure}.reason`)}` : ""}
                    </Text>
                  </BlockStack>
                ))}
              </BlockStack>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </AdminPage>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backUrl="/app/requests" />;
}
