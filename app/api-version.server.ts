// The Admin API version the app speaks, for Shopify's library and the sync's own client alike.
import { ApiVersion } from "@shopify/shopify-app-remix/server";

export const API_VERSION = ApiVersion.October26;
