// Home's privacy health check: each check with a status badge and what it means, "Check now" and the
// dated report to keep as evidence of the shop's regular self-audit.
import { Form, useNavigation } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, InlineStack, Text, type BadgeProps } from "@shopify/polaris";
import { useAdminLanguage } from "../i18n/use-admin-language";
import { healthCheckSentence } from "../privacy-health/health-check-words";
import type { HealthStatus } from "../privacy-health/health-checks.server";
import type { HealthReport } from "../privacy-health/health-reports.server";
import { DownloadButton } from "./download-button";
import { SectionCard } from "./section-card";

const TONE: Record<HealthStatus, BadgeProps["tone"]> = { ok: "success", attention: "warning", problem: "critical" };

export function HealthCheckCard({ report }: { report: HealthReport | null }) {
  const { t, format, locale } = useAdminLanguage();
  const checking = useNavigation().formData?.get("intent") === "health-check";
  return (
    <SectionCard title={t("health.title")} help={report ? t("health.help", { date: format.dateTime(report.checkedAt) }) : t("health.never")}>
      {report && (
        <BlockStack gap="300" as="ul">
          {report.checks.map((check) => (
            <Box as="li" key={check.id}>
              <BlockStack gap="100">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="h3" variant="headingSm">
                    {t(`health.checks.${check.id}.label`)}
                  </Text>
                  <Badge tone={TONE[check.status]}>{t(`health.status.${check.status}`)}</Badge>
                </InlineStack>
                <Text as="p" tone={check.status === "ok" ? "subdued" : undefined}>
                  {healthCheckSentence(check, t, format)}
                </Text>
              </BlockStack>
            </Box>
          ))}
        </BlockStack>
      )}
      <InlineStack gap="200">
        <Form method="post">
          <input type="hidden" name="intent" value="health-check" />
          <Button submit loading={checking}>
            {t("health.checkNow")}
          </Button>
        </Form>
        {report && <DownloadButton url={`/app/health-report?locale=${locale}`} label={t("health.download")} />}
      </InlineStack>
    </SectionCard>
  );
}
