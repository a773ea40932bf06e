// Home's yearly reminder to read the staff privacy guide. Dismissing it hides it for the rest of the
// browser session only: it comes back next time until the staff member has confirmed reading the guide.
import { Banner, Layout } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { useAdminLanguage } from "../i18n/use-admin-language";

const DISMISSED_KEY = "consent-vault:privacy-guide-reminder-dismissed";

export function PrivacyGuideReminder() {
  const { t } = useAdminLanguage();
  const [dismissed, setDismissed] = useState(false);
  // Read after hydration: the server cannot know, and rendering differently there would mismatch.
  useEffect(() => setDismissed(sessionStorage.getItem(DISMISSED_KEY) === "1"), []);
  if (dismissed) return null;
  const dismiss = () => {
    sessionStorage.setItem(DISMISSED_KEY, "1");
    setDismissed(true);
  };
  return (
    <Layout.Section>
      <Banner tone="info" title={t("privacyGuide.reminder.title")} action={{ content: t("privacyGuide.reminder.action"), url: "/app/privacy-guide" }} onDismiss={dismiss}>
        <p>{t("privacyGuide.reminder.body")}</p>
      </Banner>
    </Layout.Section>
  );
}
