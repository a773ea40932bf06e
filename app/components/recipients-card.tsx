// The shop's recipients register on the Data & recipients page: each recipient with its data, country
// and agreement, to edit or remove (removal asks for confirmation first); an empty state that says
// what belongs here; and the app's own sub-processors, read-only.
import { useActionData, useNavigation, useSubmit } from "@remix-run/react";
import { Modal, TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import { Badge, BlockStack, Box, Button, EmptyState, IndexTable, InlineStack, Text, useBreakpoints, type BadgeProps } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { categoryNames } from "../data-inventory/inventory-words";
import { useAdminLanguage } from "../i18n/use-admin-language";
import type { AppProcessor } from "../recipients/app-processors.server";
import type { AgreementStatus } from "../recipients/recipient-agreement.server";
import type { RegisteredRecipient } from "../recipients/recipient-register.server";
import { SectionCard } from "./section-card";
import { Wrapping } from "./wrapping-cell";

const TONE: Record<AgreementStatus, BadgeProps["tone"]> = { current: "success", none: "critical", pending: "warning", expired: "critical" };
const CONFIRM_ID = "remove-recipient-confirm";

/** Country code → its name in the admin's language, as the loader made them. */
type CountryNames = Record<string, string>;

export function RecipientsCard({ recipients, countryName }: { recipients: RegisteredRecipient[]; countryName: CountryNames }) {
  const { t, format } = useAdminLanguage();
  const condensed = useBreakpoints().smDown;
  const shopify = useAppBridge();
  const submit = useSubmit();
  const result = useActionData<{ removed?: boolean }>();
  const removing = useNavigation().state === "submitting";
  const [confirming, setConfirming] = useState<RegisteredRecipient | null>(null);
  useEffect(() => {
    if (result?.removed) shopify.toast.show(t("data.removed"));
  }, [result, shopify, t]);

  const remove = () => {
    if (confirming) submit({ intent: "remove", id: confirming.id }, { method: "post" });
    setConfirming(null);
  };
  const agreement = (recipient: RegisteredRecipient) => (
    <BlockStack gap="050">
      <span>
        <Badge tone={TONE[recipient.agreement]}>{t(`data.agreement.${recipient.agreement}`)}</Badge>
      </span>
      {recipient.agreementSignedOn ? (
        <Text as="span" tone="subdued" variant="bodySm">
          {t("data.signedOn", { date: format.day(recipient.agreementSignedOn) })}
        </Text>
      ) : null}
      {recipient.agreementExpiresOn ? (
        <Text as="span" tone="subdued" variant="bodySm">
          {t("data.expiresOn", { date: format.day(recipient.agreementExpiresOn) })}
        </Text>
      ) : null}
    </BlockStack>
  );
  const name = (recipient: RegisteredRecipient) => (
    <BlockStack gap="050">
      <Text as="span" fontWeight="semibold" breakWord>
        {recipient.name}
      </Text>
      <Text as="span" tone="subdued" variant="bodySm" breakWord>
        {recipient.purpose}
      </Text>
    </BlockStack>
  );
  const actions = (recipient: RegisteredRecipient) => (
    <InlineStack gap="200" wrap={false}>
      <Button url={`/app/data/recipients/${recipient.id}`} accessibilityLabel={t("data.editNamed", { name: recipient.name })}>
        {t("data.edit")}
      </Button>
      <Button tone="critical" variant="plain" onClick={() => setConfirming(recipient)} disabled={removing} accessibilityLabel={t("data.removeNamed", { name: recipient.name })}>
        {t("data.remove")}
      </Button>
    </InlineStack>
  );

  return (
    <SectionCard title={t("data.recipientsTitle")} help={t("data.recipientsHelp")}>
      <Modal id={CONFIRM_ID} open={Boolean(confirming)} onHide={() => setConfirming(null)}>
        <p style={{ padding: "var(--p-space-400)" }}>{t("data.removeBody", { name: confirming?.name ?? "" })}</p>
        <TitleBar title={t("data.removeTitle")}>
          <button variant="primary" tone="critical" onClick={remove}>
            {t("data.removeConfirm")}
          </button>
          <button onClick={() => setConfirming(null)}>{t("data.cancel")}</button>
        </TitleBar>
      </Modal>
      {recipients.length === 0 ? (
        <EmptyState
          heading={t("data.emptyHeading")}
          action={{ content: t("data.add"), url: "/app/data/recipients/new" }}
          image="https://cdn.shopify.com/s/files/1/0262/4071/2726/files/emptystate-files.png"
        >
          <p>{t("data.emptyBody")}</p>
        </EmptyState>
      ) : (
        <BlockStack gap="300">
          <InlineStack>
            <Button url="/app/data/recipients/new" variant="primary">
              {t("data.add")}
            </Button>
          </InlineStack>
          <IndexTable
            condensed={condensed}
            selectable={false}
            resourceName={{ singular: t("data.recipientColumns.name"), plural: t("data.recipientsTitle") }}
            itemCount={recipients.length}
            headings={[
              { title: t("data.recipientColumns.name") },
              { title: t("data.recipientColumns.categories") },
              { title: t("data.recipientColumns.country") },
              { title: t("data.recipientColumns.agreement") },
              { title: t("data.recipientColumns.actions") },
            ]}
          >
            {recipients.map((recipient, index) => (
              <IndexTable.Row id={recipient.id} key={recipient.id} position={index}>
                {condensed ? (
                  <IndexTable.Cell>
                    <Wrapping>
                      <BlockStack gap="150">
                        {name(recipient)}
                        <Text as="span" variant="bodySm" breakWord>{`${categoryNames(recipient.categories, t)} · ${countryName[recipient.country]}`}</Text>
                        {agreement(recipient)}
                        {actions(recipient)}
                      </BlockStack>
                    </Wrapping>
                  </IndexTable.Cell>
                ) : (
                  <>
                    <IndexTable.Cell>
                      <Wrapping>{name(recipient)}</Wrapping>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Wrapping>{categoryNames(recipient.categories, t)}</Wrapping>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{countryName[recipient.country]}</IndexTable.Cell>
                    <IndexTable.Cell>{agreement(recipient)}</IndexTable.Cell>
                    <IndexTable.Cell>{actions(recipient)}</IndexTable.Cell>
                  </>
                )}
              </IndexTable.Row>
            ))}
          </IndexTable>
        </BlockStack>
      )}
    </SectionCard>
  );
}

export function AppProcessorsCard({ processors, countryName }: { processors: AppProcessor[]; countryName: CountryNames }) {
  const { t } = useAdminLanguage();
  return (
    <SectionCard title={t("data.processorsTitle")} help={t("data.processorsHelp")}>
      <BlockStack gap="300" as="ul">
        {processors.map((processor) => (
          <Box as="li" key={processor.id}>
            <BlockStack gap="050">
              <Text as="h3" variant="headingSm">
                {t(`data.processors.${processor.id}.name`)}
              </Text>
              <Text as="p">{t(`data.processors.${processor.id}.purpose`)}</Text>
              <Text as="p" tone="subdued" variant="bodySm">
                {[
                  categoryNames(processor.categories, t),
                  processor.country ? countryName[processor.country] : t("data.providerCountry"),
                  processor.transferMechanism ? t(`data.mechanisms.${processor.transferMechanism}`) : null,
                ]
                  .filter(Boolean)
                  .join(" · ")}
              </Text>
            </BlockStack>
          </Box>
        ))}
      </BlockStack>
    </SectionCard>
  );
}
