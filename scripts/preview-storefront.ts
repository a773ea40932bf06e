// `npm run preview:storefront`: a sample storefront page with the consent banner embed on
// http://127.0.0.1:3100, its receipts forwarded to the running app (`npm start`) as Shopify's app
// proxy would. Options: --port <n> (default 3100), --app <url> (default http://127.0.0.1:$PORT),
// --trackers (the common tracker tags on every page, loaded from their real hosts).
import "./lib/load-env.mjs";
import { parseArgs } from "node:util";
import { loadConfig } from "../app/config.server";
import { startPreviewStorefront } from "./preview-storefront/server";

const { values } = parseArgs({ options: { port: { type: "string", default: "3100" }, app: { type: "string" }, trackers: { type: "boolean", default: false } } });
const settings = loadConfig();
const appUrl = values.app ?? `http://127.0.0.1:${settings.PORT}`;
const preview = await startPreviewStorefront({ appUrl, apiSecret: settings.SHOPIFY_API_SECRET, port: Number(values.port), withTrackers: values.trackers });
console.log(`Preview storefront: ${preview.url}  (receipts forwarded to ${appUrl}/proxy/consent)`);
