// Home's setup guide (Polaris setup-guide pattern): the steps left to do, each checked against what
// the app stores, with the action that does it; once all are done it shrinks to one line.
import { Badge, BlockStack, Box, Button, Card, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import type { ReactNode } from "react";
import { useAdminLanguage } from "../i18n/use-admin-language";

export interface SetupStep {
  key: "fields" | "sync" | "banner" | "shopifyBanner" | "retention" | "staff";
  done: boolean;
  /** Said under the step's text when its check could not be made. */
  note?: string;
  /** The step's button; primary only for the first step left to do (one primary action per page). */
  action: (primary: boolean) => ReactNode;
}

export function SetupGuide({ steps }: { steps: SetupStep[] }) {
  const { t } = useAdminLanguage();
  const done = steps.filter((step) => step.done).length;
  const next = steps.find((step) => !step.done)?.key;
  if (done === steps.length) {
    return (
      <Card>
        <InlineStack gap="200" blockAlign="center">
          <Badge tone="success">{t("setup.done")}</Badge>
          <Text as="p">{t("setup.complete")}</Text>
        </InlineStack>
      </Card>
    );
  }
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            {t("setup.title")}
          </Text>
          <InlineStack gap="200" blockAlign="center" wrap={false}>
            <Text as="span" tone="subdued" id="setup-progress">
              {t("setup.progress", { done, total: steps.length })}
            </Text>
            <Box width="8rem">
              <ProgressBar progress={Math.round((done / steps.length) * 100)} size="small" tone="success" ariaLabelledBy="setup-progress" />
            </Box>
          </InlineStack>
        </BlockStack>
        <BlockStack as="ol" gap="300">
          {steps.map((step) => (
            <Box as="li" key={step.key} padding="300" borderRadius="200" background={step.done ? undefined : "bg-surface-secondary"}>
              <BlockStack gap="200">
                <InlineStack gap="200" blockAlign="center">
                  {step.done ? <Badge tone="success">{t("setup.done")}</Badge> : <Badge tone="attention">{t("setup.todo")}</Badge>}
                  <Text as="h3" variant="headingSm">
                    {t(`setup.${step.key}.title`)}
                  </Text>
                </InlineStack>
                {step.done ? null : (
                  <>
                    <Text as="p" tone="subdued">
                      {t(`setup.${step.key}.body`)}
                    </Text>
                    {step.note ? <Text as="p">{step.note}</Text> : null}
                    <InlineStack>{step.action(step.key === next)}</InlineStack>
                  </>
                )}
              </BlockStack>
            </Box>
          ))}
        </BlockStack>
      </BlockStack>
    </Card>
  );
}

/** Button linking elsewhere in the admin (the theme editor), leaving the app's frame. */
export function AdminLinkButton({ url, primary, children }: { url: string; primary: boolean; children: string }) {
  return (
    <Button url={url} target="_top" variant={primary ? "primary" : undefined}>
      {children}
    </Button>
  );
}
