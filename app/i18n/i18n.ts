// The admin's language: English or German, chosen from the `locale` Shopify puts in the admin URL
// ("de", "de-DE", "en-US"…). Not a .server module: the same strings render on the server and in the
// browser, so both produce identical markup.
import de from "./locales/de.json";
import en from "./locales/en.json";

export const LOCALES = ["en", "de"] as const;
export type Locale = (typeof LOCALES)[number];

/** The language for an admin `locale` parameter; anything not translated falls back to English. */
export function resolveLocale(value: string | null | undefined): Locale {
  const language = (value ?? "").toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(language ?? "") ? (language as Locale) : "en";
}

type Messages = typeof en;
// German must have every key English has (checked by the compiler through this assignment).
const MESSAGES: Record<Locale, Messages> = { en, de };

export type Vars = Record<string, string | number>;
export type Translate = (key: string, vars?: Vars) => string;

function lookup(messages: unknown, key: string): unknown {
  return key.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined), messages);
}

/**
 * `t("requests.due.in", { count: 3 })`: a message, with {name} placeholders filled in. A message that
 * is an object of plural forms ({ "one": …, "other": … }) is chosen by `count` with the language's
 * plural rules. A key missing in German falls back to English, a key missing everywhere shows itself.
 */
export function translator(locale: Locale): Translate {
  const plurals = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale);
  return (key, vars = {}) => {
    let message = lookup(MESSAGES[locale], key) ?? lookup(MESSAGES.en, key);
    if (message && typeof message === "object" && typeof vars.count === "number") {
      const forms = message as Record<string, string>;
      message = forms[plurals.select(vars.count)] ?? forms.other;
    }
    if (typeof message !== "string") return key;
    return message.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = vars[name];
      if (value === undefined) return whole;
      return typeof value === "number" ? numbers.format(value) : value;
    });
  };
}
