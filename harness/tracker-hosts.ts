// The trackers' real hosts answered locally inside Chromium (Playwright request routing), so a scan
// of the sample storefront sees real tracker URLs without contacting the internet. Each script does
// what its real counterpart is known for before consent (a cookie, a storage key, a beacon) and
// notes that it ran in window.cvRan. The shop's own host is answered by the preview storefront.
import type { BrowserContext } from "playwright-core";

interface Answer {
  contentType: string;
  body: string;
}

const ran = (name: string) => `window.cvRan = (window.cvRan || []).concat(${JSON.stringify(name)});`;
const script = (body: string): Answer => ({ contentType: "text/javascript", body });
const empty: Answer = { contentType: "text/plain", body: "" };

/** Host → path prefix → answer. */
const TRACKERS: Record<string, Record<string, Answer>> = {
  "www.googletagmanager.com": {
    "/gtag/js": script(`${ran("gtag")} document.cookie = '_ga=GA1.1.1234.5678; path=/'; navigator.sendBeacon('https://www.google-analytics.com/g/collect?v=2&tid=G-CV0PREVIEW&en=page_view');`),
    "/gtm.js": script(`${ran("gtm")} document.cookie = '_gcl_au=1.1.1234.5678; path=/';`),
  },
  "www.google-analytics.com": { "/g/collect": empty },
  "connect.facebook.net": { "/en_US/fbevents.js": script(`${ran("meta")} document.cookie = '_fbp=fb.1.1234.5678; path=/'; new Image().src = 'https://www.facebook.com/tr?id=1234567890123456&ev=PageView';`) },
  "www.facebook.com": { "/tr": { contentType: "image/gif", body: "GIF89a" } },
  "analytics.tiktok.com": {
    "/i18n/pixel/events.js": script(`${ran("tiktok")} document.cookie = '_ttp=cv0preview; path=/'; fetch('https://analytics.tiktok.com/api/v2/pixel', { method: 'POST', body: '{}', mode: 'no-cors' });`),
    "/api/v2/pixel": empty,
  },
  "static.hotjar.com": { "/c/hotjar-": script(`${ran("hotjar")} localStorage.setItem('hjViewportId', 'cv0preview'); document.cookie = '_hjSessionUser_3210987=cv0preview; path=/';`) },
  "www.youtube.com": { "/embed/": { contentType: "text/html", body: "<!doctype html><title>Brand film</title><p>video</p>" } },
  "cdn.trackly-pixel.example": { "/t.js": script(`${ran("trackly")} document.cookie = 'trk_uid=cv0preview; path=/';`) },
};

export const TRACKER_HOSTS = Object.keys(TRACKERS);

/**
 * Routes the context's requests: tracker hosts answered from TRACKERS, the shop's host by the preview
 * storefront at `storefrontUrl`, everything else refused (nothing leaves the machine).
 */
export function routeTrackerHosts({ shopHost, storefrontUrl }: { shopHost: string; storefrontUrl: string }) {
  return async (context: BrowserContext) => {
    await context.route("**/*", async (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === shopHost || url.host === new URL(storefrontUrl).host) {
        const response = await route.fetch({ url: new URL(url.pathname + url.search, storefrontUrl).href });
        return route.fulfill({ response });
      }
      const answer = Object.entries(TRACKERS[url.hostname] ?? {}).find(([prefix]) => url.pathname.startsWith(prefix))?.[1];
      if (!answer) return route.abort("blockedbyclient");
      return route.fulfill({ status: 200, contentType: answer.contentType, body: answer.body, headers: { "access-control-allow-origin": "*" } });
    });
  };
}

/** fetch as the static scanner sees the shop's host: answered by the preview storefront. */
export function fetchShopFrom(storefrontUrl: string): typeof fetch {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    return fetch(new URL(url.pathname + url.search, storefrontUrl), init);
  };
}
