// Asks the staff member for a code from their authenticator app (or a recovery code) before a
// sensitive action; the page's data reloads once the code is accepted. Staff who must use MFA but
// have not enrolled are sent to the security settings instead.
import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useAdminLanguage } from "../i18n/use-admin-language";
import type { StepUpStatus } from "../staff/step-up.server";
import { SectionCard } from "./section-card";

type StepUpAnswer = { verified: true; until: string } | { verified: false; failure: string } | { error: string };

export function StepUpCard({ status }: { status: StepUpStatus }) {
  const { t, format } = useAdminLanguage();
  const fetcher = useFetcher<StepUpAnswer>();
  const [code, setCode] = useState("");
  if (!status.required) return null;
  if (status.activeUntil) {
    return (
      <SectionCard title={t("stepUp.title")}>
        <Text as="p">{t("stepUp.activeUntil", { time: format.dateTime(status.activeUntil) })}</Text>
      </SectionCard>
    );
  }
  if (!status.enrolled) {
    return (
      <SectionCard title={t("stepUp.title")}>
        <Banner tone="warning" action={{ content: t("stepUp.enrolNow"), url: "/app/settings/security" }}>
          <p>{t("stepUp.enrolmentRequired")}</p>
        </Banner>
      </SectionCard>
    );
  }
  const answer = fetcher.data;
  const failure = answer && "failure" in answer ? t(`stepUp.failures.${answer.failure}`) : answer && "error" in answer ? t("stepUp.failures.wrong-code") : undefined;
  return (
    <SectionCard title={t("stepUp.title")} help={t("stepUp.help")}>
      <fetcher.Form method="post" action="/app/step-up">
        <BlockStack gap="200">
          <TextField
            label={t("stepUp.codeLabel")}
            name="code"
            value={code}
            onChange={setCode}
            autoComplete="one-time-code"
            error={failure}
            helpText={t("stepUp.codeHelp")}
          />
          <InlineStack>
            <Button submit variant="primary" loading={fetcher.state !== "idle"}>
              {t("stepUp.verify")}
            </Button>
          </InlineStack>
        </BlockStack>
      </fetcher.Form>
    </SectionCard>
  );
}
