// The privacy notice section: the Art. 13/14 text for what the app does with shoppers' data, in the
// shop's notice languages, to paste into Shopify's privacy policy; a banner says when it changed since
// the merchant last marked it copied.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Layout, Text, TextField } from "@shopify/polaris";
import { z } from "zod";
import { staffActor } from "../audit/staff-actor.server";
import { AdminPage } from "../components/admin-page";
import { SectionCard } from "../components/section-card";
import { config } from "../config.server";
import { shopDb } from "../db.server";
import { parseOrBadRequest } from "../http/bad-request.server";
import { titled } from "../i18n/meta";
import { useAdminLanguage } from "../i18n/use-admin-language";
import { markNoticeCopied, privacyNoticeState } from "../privacy-notice/privacy-notice.server";
import { authenticate } from "../shopify.server";

export const meta = titled("notice.title");

const noticeState = (shop: string) => privacyNoticeState({ db: shopDb(shop), shop, emailConfigured: Boolean(config().SMTP_URL) });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return noticeState(session.shop);
};

const copiedForm = z.object({ intent: z.literal("copied"), digest: z.string().regex(/^[0-9a-f]{64}$/) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const { digest } = parseOrBadRequest(copiedForm, Object.fromEntries(await request.formData()));
  // Marked copied only as it reads now: a notice that changed while the page was open stays "changed".
  if (digest !== (await noticeState(session.shop)).digest) return Response.json({ error: "The notice changed since this page was loaded." }, { status: 409 });
  await markNoticeCopied({ db: shopDb(session.shop), shop: session.shop, digest, actor: staffActor(sessionToken) });
  return { copied: true };
};

export default function PrivacyNotice() {
  const { texts, digest, copiedAt, changedSinceCopied } = useLoaderData<typeof loader>();
  const { t, format } = useAdminLanguage();
  const navigation = useNavigation();
  return (
    <AdminPage title={t("notice.title")}>
      <Layout>
        {changedSinceCopied ? (
          <Layout.Section>
            <Banner tone="warning" title={t(copiedAt ? "notice.changedTitle" : "notice.neverCopiedTitle")}>
              <p>{t("notice.changedBody")}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <SectionCard title={t("notice.sectionTitle")} help={t("notice.help")}>
          <BlockStack gap="400">
            {(Object.keys(texts) as (keyof typeof texts)[]).map((language) => (
              <TextField key={language} label={t(`notice.language.${language}`)} value={texts[language]} multiline={8} readOnly autoComplete="off" selectTextOnFocus />
            ))}
            {copiedAt ? <Text as="p" tone="subdued">{t("notice.copiedAt", { date: format.dateTime(copiedAt) })}</Text> : null}
            <Form method="post">
              <input type="hidden" name="intent" value="copied" />
              <input type="hidden" name="digest" value={digest} />
              <Button submit variant={changedSinceCopied ? "primary" : undefined} loading={navigation.state === "submitting"}>
                {t("notice.markCopied")}
              </Button>
            </Form>
          </BlockStack>
        </SectionCard>
      </Layout>
    </AdminPage>
  );
}
