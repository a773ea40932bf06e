// Data & recipients: what the app stores (the data inventory, from the code's declarations and the
// shop's settings), the shop's register of third-party recipients, the app's own sub-processors and
// the records of processing and the analytics dataset to download.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { InlineStack, Layout } from "@shopify/polaris";
import { z } from "zod";
import { staffActor } from "../audit/staff-actor.server";
import { AdminPage } from "../components/admin-page";
import { AnalyticsExportCard } from "../components/analytics-export-card";
import { DataInventoryCard } from "../components/data-inventory-card";
import { DownloadButton } from "../components/download-button";
import { AppProcessorsCard, RecipientsCard } from "../components/recipients-card";
import { RouteErrorPage } from "../components/route-error-page";
import { SectionCard } from "../components/section-card";
import { StepUpCard } from "../components/step-up-card";
import { config } from "../config.server";
import { countryNamesFor } from "../data-inventory/inventory-words";
import { shopDataInventory } from "../data-inventory/shop-inventory.server";
import { shopDb } from "../db.server";
import { parseOrBadRequest } from "../http/bad-request.server";
import { titled } from "../i18n/meta";
import { useAdminLanguage } from "../i18n/use-admin-language";
import { appProcessors } from "../recipients/app-processors.server";
import { listRecipients, removeRecipient, RecipientRefusedError } from "../recipients/recipient-register.server";
import { authenticate } from "../shopify.server";
import { staffMemberOf } from "../staff/staff-member.server";
import { stepUpStatus } from "../staff/step-up.server";

export const meta = titled("data.title");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const staff = staffMemberOf(session.shop, sessionToken);
  const [inventory, recipients, stepUp] = await Promise.all([
    shopDataInventory({ db: shopDb(session.shop), shop: session.shop }),
    listRecipients({ db: shopDb(session.shop), shop: session.shop }),
    staff ? stepUpStatus({ db: shopDb(session.shop), staff }) : null,
  ]);
  const processors = appProcessors({ emailConfigured: Boolean(config().SMTP_URL) });
  const countries = [...recipients.map((recipient) => recipient.country), ...processors.flatMap((processor) => (processor.country ? [processor.country] : []))];
  // The migrations create the read-only `analytics` schema on PostgreSQL only (decision 021).
  const analyticsSchema = config().database.provider === "postgresql";
  return { inventory, recipients, processors, countryNames: countryNamesFor([...new Set(countries)]), stepUp, analyticsSchema };
};

const removeForm = z.object({ intent: z.literal("remove"), id: z.string().min(1).max(100) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const { id } = parseOrBadRequest(removeForm, Object.fromEntries(await request.formData()));
  try {
    await removeRecipient({ db: shopDb(session.shop), shop: session.shop, actor: staffActor(sessionToken), id });
  } catch (error) {
    if (error instanceof RecipientRefusedError) throw Response.json({ error: "No such recipient in this shop's register." }, { status: 404 });
    throw error;
  }
  return { removed: true };
};

export default function DataAndRecipients() {
  const { inventory, recipients, processors, countryNames, stepUp, analyticsSchema } = useLoaderData<typeof loader>();
  const { t, locale } = useAdminLanguage();
  const countryName = Object.fromEntries(countryNames[locale].map(({ value, label }) => [value, label]));
  return (
    <AdminPage title={t("data.title")}>
      <Layout>
        <DataInventoryCard inventory={inventory} />
        <RecipientsCard recipients={recipients} countryName={countryName} />
        <AppProcessorsCard processors={processors} countryName={countryName} />
        <SectionCard title={t("data.recordsTitle")} help={t("data.recordsHelp")}>
          <InlineStack gap="200">
            <DownloadButton url={`/app/data/records/csv?locale=${locale}`} label={t("data.downloadCsv")} />
            <DownloadButton url={`/app/data/records/html?locale=${locale}`} label={t("data.downloadHtml")} />
          </InlineStack>
        </SectionCard>
        <AnalyticsExportCard recipients={recipients} analyticsSchema={analyticsSchema} />
        {stepUp ? <StepUpCard status={stepUp} /> : null}
      </Layout>
    </AdminPage>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backUrl="/app/data" />;
}
