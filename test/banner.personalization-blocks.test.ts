// The theme app blocks "Recommended for you" and "Frequently bought together" rendered from the
// extension's own Liquid (liquidjs, as the storefront preview renders the banner), with the
// app-owned metafields shaped as Shopify gives them to Liquid: `customer.metafields['$app:…']` and
// `product.metafields['$app:…']`, whose `.value` for a list.product_reference is a list of products.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createExtensionEngine, EXTENSION_DIR } from "../scripts/preview-storefront/render-embed";

const { engine } = createExtensionEngine();
/** Shopify filters the blocks use, standing in as Shopify documents them (money in cents). */
const keywords = (args: unknown[]) => Object.fromEntries(args.filter(Array.isArray) as [string, unknown][]);
engine.registerFilter("money", (cents: number) => `€${(cents / 100).toFixed(2)}`);
engine.registerFilter("image_url", (image: { src: string }, ...args: unknown[]) => `${image.src}?width=${keywords(args).width}`);
engine.registerFilter("image_tag", (url: string, ...args: unknown[]) => {
  const { loading, alt } = keywords(args) as { loading: string; alt: string };
  // Shopify's image_tag escapes its attributes.
  const attribute = (value: unknown) => String(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  return `<img src="${attribute(url)}" alt="${attribute(alt)}" loading="${attribute(loading)}">`;
});

const template = (file: string) => engine.parse(fs.readFileSync(path.join(EXTENSION_DIR, "blocks", file), "utf8"));
const recommendedForYou = template("recommended-for-you.liquid");
const boughtTogether = template("frequently-bought-together.liquid");

const product = (id: number, extra: Record<string, unknown> = {}) => ({
  id,
  title: `Product ${id}`,
  url: `/products/product-${id}`,
  price: id * 1_000 + 50,
  available: true,
  featured_image: { src: `https://cdn.example/p${id}.jpg` },
  ...extra,
});

/** As Shopify resolves an app-owned metafield of the customer or product in Liquid. */
const personalization = (key: string, products: unknown[]) => ({ "$app:personalization": { [key]: { type: "list.product_reference", value: products } } });

function render(which: typeof recommendedForYou, scope: Record<string, unknown>, { locale = "en", shown }: { locale?: string; shown?: number } = {}) {
  return (
    engine.renderSync(which, {
      block: { id: "b1", shopify_attributes: "", settings: { products_shown: shown ?? 4 } },
      request: { locale: { iso_code: locale } },
      ...scope,
    }) as string
  ).trim();
}

const titles = (html: string) => [...html.matchAll(/class="cv-products__title">([^<]*)</g)].map((match) => match[1]);

describe("Recommended for you", () => {
  it("given a logged-in customer with recommendations, then it lists the products that can be bought, best first, as many as the merchant chose", () => {
    const recommended = [product(3), product(1, { available: false }), product(7), product(2), product(9), product(5)];
    const html = render(recommendedForYou, { customer: { id: 42, metafields: personalization("recommended_products", recommended) } }, { shown: 4 });

    expect(html).toContain('<h2 id="cv-products-b1" class="cv-products__heading">Recommended for you</h2>');
    expect(html).toContain('aria-labelledby="cv-products-b1"');
    // The fourth of the first four is sold out: it is left out, not replaced by the fifth.
    expect(titles(html)).toEqual(["Product 3", "Product 7", "Product 2"]);
    expect(html).toContain('<a href="/products/product-7" class="cv-products__link">');
    expect(html).toContain('<img src="https://cdn.example/p7.jpg?width=300" alt="Product 7" loading="lazy">');
    expect(html).toContain("€70.50");
  });

  it("given a German storefront, then the heading is German", () => {
    const html = render(recommendedForYou, { customer: { id: 42, metafields: personalization("recommended_products", [product(1)]) } }, { locale: "de" });
    expect(html).toContain(">Empfehlungen für Sie</h2>");
  });

  it("given a product title with markup, then it is shown as text", () => {
    const html = render(recommendedForYou, { customer: { id: 42, metafields: personalization("recommended_products", [product(1, { title: '<script>alert(1)</script>"' })]) } });
    expect(html).not.toContain("<script>");
    expect(titles(html)).toEqual(["&lt;script&gt;alert(1)&lt;/script&gt;&#34;"]);
  });

  it.each([
    ["a customer without results (no consent, or consent withdrawn)", { customer: { id: 42, metafields: {} } }],
    ["a customer whose list is empty", { customer: { id: 42, metafields: personalization("recommended_products", []) } }],
    ["a visitor who is not logged in", {}],
  ])("given %s, then it renders nothing", (_, scope) => {
    expect(render(recommendedForYou, scope)).toBe("");
  });
});

describe("Frequently bought together", () => {
  it("given a product with bought-together products, then it lists them", () => {
    const html = render(boughtTogether, { product: { id: 1, metafields: personalization("bought_together", [product(4), product(8)]) } });

    expect(html).toContain(">Frequently bought together</h2>");
    expect(titles(html)).toEqual(["Product 4", "Product 8"]);
  });

  it("given a product without bought-together products, then it renders nothing", () => {
    expect(render(boughtTogether, { product: { id: 1, metafields: {} } })).toBe("");
  });
});
