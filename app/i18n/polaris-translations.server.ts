// Polaris's own strings (pagination, filters, modals…) in the admin's language, sent with the layout.
import de from "@shopify/polaris/locales/de.json";
import en from "@shopify/polaris/locales/en.json";
import type { Locale } from "./i18n";

const TRANSLATIONS = { en, de } as const;

export function polarisTranslations(locale: Locale) {
  return TRANSLATIONS[locale];
}
