// Which optional personal fields the customer sync stores (data minimisation), edited under the
// admin's contextual save bar. Unticking a field deletes it from every synced customer when saved,
// so saving such a change asks for confirmation first.
import { useActionData, useNavigation, useSubmit } from "@remix-run/react";
import { Modal, SaveBar, TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import { BlockStack, Card, Checkbox, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { useAdminLanguage } from "../i18n/use-admin-language";

import type { OptionalField } from "../sync/minimisation.server";

// The server's list, repeated for the browser (a .server module cannot be bundled); the compiler
// checks the two agree.
const OPTIONAL_FIELDS = ["names", "phone", "address", "note"] as const satisfies readonly OptionalField[];
export type SyncedFieldName = OptionalField;
type Fields = Record<SyncedFieldName, boolean>;

export interface SyncedFieldsResult {
  saved: true;
  changed: boolean;
  cleared: SyncedFieldName[];
}

const SAVE_BAR_ID = "synced-fields-save-bar";
const CONFIRM_ID = "synced-fields-confirm";

export function SyncedFieldsCard({ saved }: { saved: Fields }) {
  const { t } = useAdminLanguage();
  const shopify = useAppBridge();
  const submit = useSubmit();
  const result = useActionData<SyncedFieldsResult>();
  const saving = useNavigation().state === "submitting";
  const [fields, setFields] = useState<Fields>(saved);
  const [confirming, setConfirming] = useState(false);
  // After a save (or another tab's), the form starts again from what is stored.
  useEffect(() => setFields(saved), [saved]);
  useEffect(() => {
    if (!result?.saved) return;
    const names = result.cleared.map((field) => t(`settings.fields.${field}.label`)).join(", ");
    shopify.toast.show(!result.changed ? t("settings.unchanged") : result.cleared.length ? t("settings.savedClearing", { fields: names }) : t("settings.saved"));
  }, [result, shopify, t]);

  const dirty = OPTIONAL_FIELDS.some((field) => fields[field] !== saved[field]);
  const turningOff = OPTIONAL_FIELDS.filter((field) => saved[field] && !fields[field]);
  const send = () => {
    setConfirming(false);
    submit(Object.fromEntries(OPTIONAL_FIELDS.map((field) => [field, String(fields[field])])), { method: "post" });
  };
  const save = () => (turningOff.length ? setConfirming(true) : send());

  return (
    <Card>
      <SaveBar id={SAVE_BAR_ID} open={dirty} discardConfirmation>
        <button variant="primary" onClick={save} loading={saving ? "" : undefined} disabled={saving}>
          {t("settings.save")}
        </button>
        <button onClick={() => setFields(saved)} disabled={saving}>
          {t("settings.discard")}
        </button>
      </SaveBar>
      <Modal id={CONFIRM_ID} open={confirming} onHide={() => setConfirming(false)}>
        <p style={{ padding: "var(--p-space-400)" }}>
          {t("settings.confirmBody", { fields: turningOff.map((field) => t(`settings.fields.${field}.label`)).join(", ") })}
        </p>
        <TitleBar title={t("settings.confirmTitle")}>
          <button variant="primary" tone="critical" onClick={send}>
            {t("settings.confirmDelete")}
          </button>
          <button onClick={() => setConfirming(false)}>{t("settings.cancel")}</button>
        </TitleBar>
      </Modal>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("settings.syncTitle")}
        </Text>
        <Text as="p" tone="subdued">
          {t("settings.syncHelp")}
        </Text>
        {OPTIONAL_FIELDS.map((field) => (
          <Checkbox
            key={field}
            label={t(`settings.fields.${field}.label`)}
            helpText={t(`settings.fields.${field}.help`)}
            checked={fields[field]}
            onChange={(on) => setFields({ ...fields, [field]: on })}
          />
        ))}
      </BlockStack>
    </Card>
  );
}
