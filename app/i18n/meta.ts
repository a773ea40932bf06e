// Every page's <title>: "<page> · Consent Vault" in the admin's language.
import type { MetaFunction } from "@remix-run/react";
import { resolveLocale, translator } from "./i18n";

/**
 * A route's `meta` export naming the page by its message key (e.g. "requests.title"), or by a key
 * chosen from the route's data (a request's page is named after its type).
 */
export function titled<Data = unknown>(key: string | ((data: Data | undefined) => string)): MetaFunction {
  return ({ matches, data: own }) => {
    const data = (id: string) => matches.find((match) => match.id === id)?.data as { locale?: string } | undefined;
    const t = translator(resolveLocale(data("routes/app")?.locale ?? data("root")?.locale));
    return [{ title: t("app.title", { page: t(typeof key === "string" ? key : key(own as Data | undefined)) }) }];
  };
}
