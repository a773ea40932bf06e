// Consent receipts under concurrent load: the real app (production build, the proxy route, real
// database, real Redis rate limits) against a bare node:http server that only verifies the same app
// proxy signature, same run. Every request is a different guest (fresh consent id and address), so
// neither the rate limits nor the replay check refuse any of them.
import { randomBytes } from "node:crypto";
import type autocannon from "autocannon";
import { sampleConsentReceipt, signedProxyQuery } from "../harness/app-proxy";
import { startAppStack } from "./lib/app-stack";
import { load, throughputRows, type Bench } from "./lib/harness";

const SHOP = "bench-shop.myshopify.com";
const NAME = "consent receipts: app proxy";

function freshReceipt(secret: string): Pick<autocannon.Request, "path" | "body" | "headers"> {
  const address = `10.${randomBytes(3).join(".")}`;
  return {
    path: `/proxy/consent?${signedProxyQuery({ shop: SHOP, secret })}`,
    headers: { "content-type": "text/plain;charset=UTF-8", "x-forwarded-for": `${address}, 23.227.38.1` },
    body: JSON.stringify(sampleConsentReceipt()),
  };
}

export const consentReceiptsBench: Bench = {
  name: NAME,
  async run() {
    const stack = await startAppStack({ baseline: "app-proxy-server.ts" });
    try {
      const request: autocannon.Request = { method: "POST", setupRequest: (req) => ({ ...req, ...freshReceipt(stack.secret) }) };
      // Warm both (JIT, connection pools) before measuring.
      await load({ url: stack.appUrl, requests: [request], duration: 2 });
      await load({ url: stack.baselineUrl, requests: [request], duration: 2 });
      const baseline = await load({ url: stack.baselineUrl, requests: [request] });
      const real = await load({ url: stack.appUrl, requests: [request] });
      return [...throughputRows(NAME, "node:http + proxy signature (baseline)", baseline), ...throughputRows(NAME, "app /proxy/consent", real, baseline)];
    } finally {
      await stack.stop();
    }
  },
};
