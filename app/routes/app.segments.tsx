// The merchant's Segments page: what personalization made of the consenting customers (RFM groups and
// grid, predicted 12-month value, behaviour clusters) and how its jobs are doing, with a way to retry
// the shop's failed ones. Queries live in app/personalization/segments-overview.server.ts.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Layout, Text } from "@shopify/polaris";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { z } from "zod";
import { staffActor } from "../audit/staff-actor.server";
import { AdminPage } from "../components/admin-page";
import { RouteErrorPage } from "../components/route-error-page";
import { SectionCard } from "../components/section-card";
import { ScrollableDataTable } from "../components/scrollable-data-table";
import { CustomerBarChart } from "../components/segment-charts";
import { shopDb } from "../db.server";
import { titled } from "../i18n/meta";
import { useAdminLanguage } from "../i18n/use-admin-language";
import { queues } from "../jobs/queues.server";
import { personalizationQueueHealth, retryFailedPersonalizationJobs, segmentFigures } from "../personalization/segments-overview.server";
import { log } from "../log.server";
import { authenticate } from "../shopify.server";

export const links = () => [{ rel: "stylesheet", href: vizStyles }];
export const meta = titled("nav.segments");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [figures, health] = await Promise.all([segmentFigures({ db: shopDb(session.shop), shop: session.shop }), queueHealthOrNull(session.shop)]);
  return { figures, health };
};

/** Without Redis the figures still show; the jobs' part says it could not be read. */
async function queueHealthOrNull(shop: string) {
  try {
    return await personalizationQueueHealth({ queues: queues(), shop });
  } catch (error) {
    log.warn({ err: error }, "segments: queue health unavailable");
    return null;
  }
}

const actionForm = z.object({ intent: z.literal("retry-failed") });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const parsed = actionForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ retried: null, error: "unknown-intent" }, { status: 400 });
  try {
    const retried = await retryFailedPersonalizationJobs({ db: shopDb(session.shop), queues: queues(), shop: session.shop, actor: staffActor(sessionToken) });
    return { retried, error: null };
  } catch (error) {
    log.warn({ err: error }, "segments: retry of failed jobs unavailable");
    return data({ retried: null, error: "queues-unavailable" }, { status: 503 });
  }
};

const RECENCY = [5, 4, 3, 2, 1];
const FREQUENCY = [1, 2, 3, 4, 5];

export default function SegmentsPage() {
  const { figures, health } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, format } = useAdminLanguage();
  const retrying = navigation.state === "submitting" && navigation.formData?.get("intent") === "retry-failed";
  const failed = (health?.queues ?? []).reduce((sum, queue) => sum + queue.failed, 0);
  const cell = (recency: number, frequency: number) => figures.grid.find((row) => row.recency === recency && row.frequency === frequency);
  const segmentName = (group: string) => t(`segments.groups.${group}`);
  const valueRange = (from: number, to: number | null) => (to === null ? t("segments.valueFrom", { from: format.number(from) }) : t("segments.valueRange", { from: format.number(from), to: format.number(to) }));

  return (
    <AdminPage title={t("nav.segments")}>
      <Layout>
        {figures.customers === 0 ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("segments.emptyTitle")}
                </Text>
                <Text as="p">{figures.fittedAt ? t("segments.emptyNoConsent") : t("segments.emptyNoFit")}</Text>
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : (
          <>
            <SectionCard title={t("segments.segmentsTitle")} help={[t("segments.segmentsHelp", { customers: format.number(figures.customers) }), figures.fittedAt && t("segments.fittedAt", { at: format.dateTime(figures.fittedAt) })].filter(Boolean).join(" ")}>
              <CustomerBarChart
                caption={t("segments.segmentsTitle")}
                rowHeading={t("segments.segment")}
                seriesName={t("segments.customers")}
                horizontal
                figures={figures.segments.map((row) => ({ key: segmentName(row.group), value: row.customers }))}
              />
              <ScrollableDataTable
                columnContentTypes={["text", "numeric"]}
                headings={[t("segments.segment"), t("segments.customers")]}
                rows={figures.segments.filter((row) => row.customers > 0).map((row) => [segmentName(row.group), format.number(row.customers)])}
              />
            </SectionCard>

            <SectionCard title={t("segments.gridTitle")} help={t("segments.gridHelp")}>
              <ScrollableDataTable
                columnContentTypes={["text", ...FREQUENCY.map(() => "numeric" as const)]}
                headings={[t("segments.gridCorner"), ...FREQUENCY.map((frequency) => t("segments.frequencyScore", { score: frequency }))]}
                rows={RECENCY.map((recency) => [
                  t("segments.recencyScore", { score: recency }),
                  ...FREQUENCY.map((frequency) => {
                    const found = cell(recency, frequency);
                    return found ? t("segments.gridCell", { customers: format.number(found.customers), monetary: format.number(found.monetary) }) : "–";
                  }),
                ])}
              />
            </SectionCard>

            <SectionCard title={t("segments.valueTitle")} help={t("segments.valueHelp")}>
              <CustomerBarChart
                caption={t("segments.valueTitle")}
                rowHeading={t("segments.valueColumn")}
                seriesName={t("segments.customers")}
                figures={figures.predictedValue.map((bucket) => ({ key: valueRange(bucket.from, bucket.to), value: bucket.customers }))}
              />
            </SectionCard>

            <SectionCard title={t("segments.clustersTitle")}>
              {figures.clusters.length === 0 ? (
                <Text as="p" tone="subdued">
                  {t("segments.clustersNone")}
                </Text>
              ) : (
                <ScrollableDataTable
                  columnContentTypes={["text", "numeric", "numeric"]}
                  headings={[t("segments.clusterDescription"), t("segments.customers"), t("segments.clusterValue")]}
                  rows={figures.clusters.map((row) => [row.traits ? t("segments.clusterTraits", { frequency: t(`segments.buyerFrequency.${row.traits.frequency}`), spend: t(`segments.buyerSpend.${row.traits.spend}`), recency: t(`segments.buyerRecency.${row.traits.recency}`) }) : row.description, format.number(row.customers), row.averagePredictedValue === null ? "–" : format.number(Math.round(row.averagePredictedValue))])}
                />
              )}
            </SectionCard>
          </>
        )}

        <SectionCard title={t("segments.jobsTitle")}>
          {health === null ? (
            <Banner tone="warning">
              <p>{t("segments.queuesUnavailable")}</p>
            </Banner>
          ) : (
            <>
              <ScrollableDataTable
                columnContentTypes={["text", "text"]}
                headings={[t("segments.jobType"), t("segments.lastRun")]}
                rows={health.lastRuns.map((run) => [
                  // Job names are "personalization.<task>"; the dot would split the message key.
                  t(`segments.jobTypes.${run.jobType.replace(/^personalization\./, "")}`),
                  run.finishedAt ? (
                    <InlineStack gap="200" key={run.jobType}>
                      <span>{format.dateTime(run.finishedAt)}</span>
                      <Badge tone={run.outcome === "failed" ? "critical" : "success"}>{t(`segments.outcome.${run.outcome}`)}</Badge>
                    </InlineStack>
                  ) : (
                    t("segments.neverRun")
                  ),
                ])}
              />
              <ScrollableDataTable
                columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric"]}
                headings={[t("segments.queue"), t("segments.states.waiting"), t("segments.states.active"), t("segments.states.delayed"), t("segments.states.failed")]}
                rows={health.queues.map((queue) => [t(`segments.queues.${queue.queue}`), format.number(queue.waiting), format.number(queue.active), format.number(queue.delayed), format.number(queue.failed)])}
              />
              {result && result.retried !== null && (
                <Banner tone="success">
                  <p>{t("segments.retried", { count: result.retried })}</p>
                </Banner>
              )}
              <Form method="post">
                <input type="hidden" name="intent" value="retry-failed" />
                <InlineStack gap="200" blockAlign="center">
                  <Button submit loading={retrying} disabled={failed === 0}>
                    {t("segments.retryFailed")}
                  </Button>
                  <Text as="span" tone="subdued">
                    {t("segments.retryHelp")}
                  </Text>
                </InlineStack>
              </Form>
            </>
          )}
          {result?.error === "queues-unavailable" && (
            <Banner tone="critical">
              <p>{t("segments.queuesUnavailable")}</p>
            </Banner>
          )}
        </SectionCard>
      </Layout>
    </AdminPage>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backUrl="/app" />;
}
