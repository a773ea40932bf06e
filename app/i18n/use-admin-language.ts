// What every admin component needs to speak the admin's language: `t` for strings and `format` for
// dates and numbers, from the locale and time zone the admin layout's loader chose for the session.
import { useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { adminFormat, type AdminFormat } from "./format";
import { translator, type Locale, type Translate } from "./i18n";

export interface AdminLanguage {
  locale: Locale;
  timeZone: string;
  t: Translate;
  format: AdminFormat;
}

/** The layout's data as this hook reads it (routes/app returns at least these). */
export interface LanguageData {
  locale: Locale;
  timeZone: string;
}

export function languageOf({ locale, timeZone }: LanguageData): AdminLanguage {
  return { locale, timeZone, t: translator(locale), format: adminFormat({ locale, timeZone }) };
}

/** Outside the admin layout (login, root error page) the root's locale applies, in UTC. */
export function useAdminLanguage(): AdminLanguage {
  const layout = useRouteLoaderData<LanguageData>("routes/app");
  const root = useRouteLoaderData<{ locale: Locale }>("root");
  const locale = layout?.locale ?? root?.locale ?? "en";
  const timeZone = layout?.timeZone ?? "UTC";
  return useMemo(() => languageOf({ locale, timeZone }), [locale, timeZone]);
}
