// "Turn off Shopify's banner": posts to the one route that does it and says what happened. The
// loaders of the page run again afterwards, so the setup step or the Consent page shows the new state
// (and this button goes away: the toast is shown as soon as the answer arrives, before that).
import { useFetcher } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { BlockStack, Button, InlineStack, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { useAdminLanguage } from "../i18n/use-admin-language";

type Outcome = "retired" | "our-banner-off" | "failed";

export function RetireShopifyBannerButton({ primary }: { primary: boolean }) {
  const fetcher = useFetcher<{ outcome: Outcome }>();
  const shopify = useAppBridge();
  const { t } = useAdminLanguage();
  const answer = fetcher.data;
  useEffect(() => {
    if (answer?.outcome === "retired") shopify.toast.show(t("shopifyBanner.retired"));
  }, [answer, shopify, t]);
  const outcome = fetcher.state === "idle" ? answer?.outcome : undefined;
  return (
    <BlockStack gap="200">
      <fetcher.Form method="post" action="/app/consent/shopify-banner">
        <InlineStack>
          <Button submit variant={primary ? "primary" : undefined} loading={fetcher.state !== "idle"}>
            {t("shopifyBanner.turnOff")}
          </Button>
        </InlineStack>
      </fetcher.Form>
      {outcome === "our-banner-off" || outcome === "failed" ? (
        <div role="alert">
          <Text as="p" tone="critical">
            {t(`shopifyBanner.refused.${outcome}`)}
          </Text>
        </div>
      ) : null}
    </BlockStack>
  );
}
