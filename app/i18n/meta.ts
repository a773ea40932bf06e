// Every page's <title>: "<page> · Consent Vault" in the admin's language.
import type { MetaFunction } from "@remix-run/react";
import { resolveLocale, translator } from "./i18n";

/** A route's `meta` export naming the page by its message key (e.g. "requests.title"). */
export function titled(key: string): MetaFunction {
  return ({ matches }) => {
    const data = (id: string) => matches.find((match) => match.id === id)?.data as { locale?: string } | undefined;
    const t = translator(resolveLocale(data("routes/app")?.locale ?? data("root")?.locale));
    return [{ title: t("app.title", { page: t(key) }) }];
  };
}
