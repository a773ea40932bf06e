import { LoginErrorType, type LoginError } from "@shopify/shopify-app-remix/server";

/** The message key (app/i18n/locales) for what is wrong with the shop domain typed in. */
export function loginErrorMessage(loginErrors: LoginError | undefined): { shop?: "login.missingShop" | "login.invalidShop" } {
  if (loginErrors?.shop === LoginErrorType.MissingShop) return { shop: "login.missingShop" };
  if (loginErrors?.shop === LoginErrorType.InvalidShop) return { shop: "login.invalidShop" };
  return {};
}
