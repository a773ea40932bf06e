// The sample storefront page: enough of a theme to see the banner over real content, and to measure
// that it never moves that content.

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

import { TRACKER_TAGS, VIDEO_SECTION } from "./tracker-tags";

const PRODUCTS = ["Linen shirt", "Wool scarf", "Canvas tote", "Leather belt", "Cotton socks", "Rain jacket"];

const handle = (name: string) => name.toLowerCase().replace(/\s+/g, "-");

export function samplePage({ embed, locale, withEmbed, withTrackers = false }: { embed: string; locale: string; withEmbed: boolean; withTrackers?: boolean }) {
  return `<!doctype html>
<html lang="${escape(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Preview storefront · Consent Vault</title>
<!-- Stands in for the part of Shopify's content_for_header that provides Shopify.loadFeatures. -->
<script src="/preview/privacy-api-stand-in.js"></script>
${withEmbed ? embed : ""}
${withTrackers ? TRACKER_TAGS : ""}
<!-- A theme script held until analytics is granted (data-consent). -->
<script type="text/plain" data-consent="analytics">document.documentElement.dataset.analyticsScript = "ran";</script>
<style>
  body { margin: 0; font: 16px/1.5 Georgia, serif; color: #222; background: #faf8f5; }
  header, main, footer { max-width: 960px; margin: 0 auto; padding: 16px 24px; }
  header { display: flex; justify-content: space-between; align-items: baseline; }
  header a { color: #222; }
  .note { border: 2px dashed #8a6d3b; background: #fff8e6; padding: 12px 16px; }
  .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 16px; list-style: none; padding: 0; }
  .grid li { background: #fff; border: 1px solid #ddd; padding: 16px; min-height: 160px; }
  code { font-size: 14px; }
</style>
</head>
<body>
<header><strong>Preview storefront</strong><nav><a href="/">Home</a> · <a href="/?locale=de">Deutsch</a> · <a href="/?locale=fr">Français</a></nav></header>
<main>
<p class="note" id="stand-in-note">This is a local preview of the Consent Vault banner, rendered from the extension's own
Liquid. Shopify's hosted Customer Privacy API cannot be loaded here: a stand-in that follows its documented
contract answers instead (state in the <code>_tracking_consent</code> cookie, <code>shouldShowBanner</code>,
<code>saleOfDataRegion</code>, <code>currentVisitorConsent</code>, <code>setTrackingConsent</code>, the
<code>visitorConsentCollected</code> event). Receipts go to <code>/apps/consent-vault/consent</code>, which this
server forwards to the app's <code>/proxy/consent</code> signed as Shopify's app proxy would.</p>
<p>Try: <a href="/?sale_of_data_region=1">a data-sale opt-out region</a> ·
<a href="/?layout=modal">modal layout</a> · <a href="/?layout=box&amp;position=bottom-right">box layout</a> ·
<a href="/?revision=2">revision 2 (asks again)</a>. Any block setting can be set in the query, e.g.
<code>?background_color=%23ffe600</code>.</p>
<h1><a href="/collections/new-arrivals">New arrivals</a></h1>
<ul class="grid">
${PRODUCTS.map((name, i) => `<li><h2><a href="/products/${handle(name)}">${name}</a></h2><p>€${(19 + i * 7).toFixed(2)}</p><p>Made to last, shipped in recycled packaging.</p></li>`).join("\n")}
</ul>
${withTrackers ? VIDEO_SECTION : ""}
</main>
<footer><p>© Preview storefront</p></footer>
</body>
</html>
`;
}
