// The privacy guide for staff: what they may do with customer data in this app, how to handle a
// privacy request, and how to recognise someone trying to talk data out of them. Each staff member
// confirms having read it; the confirmation is audited and renewed yearly or when the guide changes.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Box, Button, Layout, List, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { z } from "zod";
import { AdminPage } from "../components/admin-page";
import { SectionCard } from "../components/section-card";
import { shopDb } from "../db.server";
import { parseOrBadRequest } from "../http/bad-request.server";
import { titled } from "../i18n/meta";
import { useAdminLanguage } from "../i18n/use-admin-language";
import { authenticate } from "../shopify.server";
import { acknowledgePrivacyGuide, guideAcknowledgementOf, PRIVACY_GUIDE_VERSION } from "../staff/privacy-guide.server";
import { requireStaffMember, staffMemberOf } from "../staff/staff-member.server";

export const meta = titled("privacyGuide.title");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  // Anyone may read the guide; only a named staff member can confirm having read it.
  const staff = staffMemberOf(session.shop, sessionToken);
  const acknowledgement = staff ? await guideAcknowledgementOf({ db: shopDb(staff.shop), staff }) : null;
  return { version: PRIVACY_GUIDE_VERSION, acknowledgement };
};

const acknowledgeForm = z.object({ intent: z.literal("acknowledge") });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const staff = requireStaffMember(session.shop, sessionToken);
  parseOrBadRequest(acknowledgeForm, Object.fromEntries(await request.formData()));
  return acknowledgePrivacyGuide({ db: shopDb(staff.shop), staff });
};

/** Each section of the guide: its lists of points (and a closing line), by message key under privacyGuide.<section>. */
interface GuideSectionKeys {
  key: string;
  lists: Record<string, string[]>;
  closing?: string;
}

const SECTIONS: GuideSectionKeys[] = [
  { key: "customerData", lists: { do: ["reason", "minimum", "send"], dont: ["curiosity", "copy", "exports", "codes"] }, closing: "mistake" },
  { key: "requests", lists: { steps: ["daily", "data", "erasure", "noData"], onHold: ["noSubject", "notCurrent", "shopErasure", "byStaff"], check: ["source", "person"] } },
  { key: "socialEngineering", lists: { signs: ["urgency", "otherAddress", "readOut", "shopify", "codes"], instead: ["dontReveal", "selfService", "shopify", "authorities", "report"] } },
];

function GuideSection({ section }: { section: GuideSectionKeys }) {
  const { t } = useAdminLanguage();
  const base = `privacyGuide.${section.key}`;
  return (
    <SectionCard title={t(`${base}.title`)} help={t(`${base}.intro`)}>
      {Object.entries(section.lists).map(([list, points]) => (
        <BlockStack gap="200" key={list}>
          <Text as="h3" variant="headingSm">
            {t(`${base}.${list}.title`)}
          </Text>
          {list === "onHold" ? <Text as="p">{t(`${base}.onHold.intro`)}</Text> : null}
          <List>
            {points.map((point) => (
              <List.Item key={point}>{t(`${base}.${list}.${point}`)}</List.Item>
            ))}
          </List>
        </BlockStack>
      ))}
      {section.closing ? (
        <Text as="p" fontWeight="semibold">
          {t(`${base}.${section.closing}`)}
        </Text>
      ) : null}
    </SectionCard>
  );
}

export default function PrivacyGuide() {
  const { version, acknowledgement } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, format } = useAdminLanguage();
  const busy = useNavigation().state === "submitting";
  const shopify = useAppBridge();
  useEffect(() => {
    if (result) shopify.toast.show(t("privacyGuide.acknowledge.done"));
  }, [result, shopify, t]);
  const status = !acknowledgement
    ? t("privacyGuide.acknowledge.noUser")
    : acknowledgement.current
      ? t("privacyGuide.acknowledge.current", { date: format.date(acknowledgement.acknowledgedAt!) })
      : acknowledgement.acknowledgedAt
        ? t("privacyGuide.acknowledge.outdated", { date: format.date(acknowledgement.acknowledgedAt) })
        : t("privacyGuide.acknowledge.never");
  const due = acknowledgement !== null && !acknowledgement.current;
  return (
    <AdminPage title={t("privacyGuide.title")} narrowWidth>
      <Layout>
        <Layout.Section>
          <Box paddingInline={{ xs: "400", sm: "0" }}>
            <BlockStack gap="100">
              <Text as="p" variant="bodyLg">
                {t("privacyGuide.intro")}
              </Text>
              <Text as="p" tone="subdued">
                {t("privacyGuide.version", { version })}
              </Text>
            </BlockStack>
          </Box>
        </Layout.Section>
        {SECTIONS.map((section) => (
          <GuideSection key={section.key} section={section} />
        ))}
        <SectionCard title={t("privacyGuide.doubt.title")}>
          <Text as="p">{t("privacyGuide.doubt.body")}</Text>
        </SectionCard>
        <SectionCard title={t("privacyGuide.acknowledge.title")} help={t("privacyGuide.acknowledge.help")}>
          {due ? (
            <>
              <Banner tone="info">
                <p>{status}</p>
              </Banner>
              <Form method="post">
                <input type="hidden" name="intent" value="acknowledge" />
                <Button submit variant="primary" loading={busy}>
                  {t("privacyGuide.acknowledge.button")}
                </Button>
              </Form>
            </>
          ) : (
            <Text as="p">{status}</Text>
          )}
        </SectionCard>
      </Layout>
    </AdminPage>
  );
}
