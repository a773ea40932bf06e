// A stand-in for App Bridge (https://cdn.shopify.com/shopifycloud/app-bridge.js), which only works
// inside the Shopify admin and cannot be fetched here. It follows the documented contract the app
// relies on (https://shopify.dev/docs/api/app-bridge-library): the `shopify` global with config,
// idToken(), toast, loading, saveBar, modal and environment; fetch requests to the app's own origin
// carry `Authorization: Bearer <session token>`; the ui-nav-menu, ui-title-bar, ui-save-bar and
// ui-modal elements, which the admin draws outside the app's iframe (so here they take no room
// in the page, except an open modal, drawn over it so a screenshot shows it).
//
// What the app asked of it is recorded on `window.__appBridgeDouble` for tests to read. Session
// tokens come from `window.__appBridgeDoubleIdToken()`, which whoever serves the double provides
// (a test exposes a function signing them with the app secret).

function appBridgeDouble() {
  const script = document.currentScript as HTMLScriptElement | null;
  const params = new URLSearchParams(location.search);
  const record = {
    toasts: [] as { message: string; isError: boolean }[],
    saveBars: {} as Record<string, boolean>,
    modals: {} as Record<string, boolean>,
    loading: false,
    tokensIssued: 0,
  };
  const source = window as unknown as { __appBridgeDoubleIdToken?: () => Promise<string> };
  const idToken = async () => {
    if (!source.__appBridgeDoubleIdToken) throw new Error("App Bridge double: no session token source");
    record.tokensIssued += 1;
    return source.__appBridgeDoubleIdToken();
  };

  const shown = (element: Element, open: boolean, store: Record<string, boolean>) => {
    const id = element.id || element.tagName.toLowerCase();
    if (store[id] === open) return;
    store[id] = open;
    element.toggleAttribute("open", open);
    element.dispatchEvent(new CustomEvent(open ? "show" : "hide"));
  };
  const byId = (id: string) => document.getElementById(id);

  const shopify = {
    config: { apiKey: script?.dataset.apiKey ?? "", shop: params.get("shop") ?? "", locale: params.get("locale") ?? "en", host: params.get("host") ?? "" },
    origin: location.origin,
    ready: Promise.resolve(),
    environment: { embedded: true, mobile: false, pos: false },
    idToken,
    loading: (isLoading?: boolean) => {
      record.loading = Boolean(isLoading);
    },
    user: async () => ({ accountAccess: "Account owner" }),
    toast: {
      show: (message: string, options: { isError?: boolean } = {}) => {
        record.toasts.push({ message, isError: Boolean(options.isError) });
        return String(record.toasts.length);
      },
      hide: () => {},
    },
    saveBar: {
      show: async (id: string) => { const element = byId(id); if (element) shown(element, true, record.saveBars); },
      hide: async (id: string) => { const element = byId(id); if (element) shown(element, false, record.saveBars); },
      toggle: async (id: string) => { const element = byId(id); if (element) shown(element, !record.saveBars[id], record.saveBars); },
      leaveConfirmation: async () => {},
    },
    modal: {
      show: async (id: string) => { const element = byId(id); if (element) shown(element, true, record.modals); },
      hide: async (id: string) => { const element = byId(id); if (element) shown(element, false, record.modals); },
      toggle: async (id: string) => { const element = byId(id); if (element) shown(element, !record.modals[id], record.modals); },
    },
  };
  Object.assign(window, { shopify, __appBridgeDouble: record });

  // Authenticated fetch: App Bridge adds a fresh session token to requests to the app's own origin.
  const originalFetch = window.fetch.bind(window);
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    if (new URL(request.url).origin !== location.origin) return originalFetch(request);
    const headers = new Headers(request.headers);
    headers.set("Authorization", `Bearer ${await idToken()}`);
    return originalFetch(new Request(request, { headers }));
  };

  const style = document.createElement("style");
  style.textContent = [
    "ui-nav-menu, ui-title-bar, ui-save-bar, ui-modal { display: none; }",
    ".app-bridge-double-modal { position: fixed; z-index: 1000; inset: 0; display: grid; place-items: center; background: rgba(0,0,0,.5); font: 14px/1.4 system-ui, sans-serif; }",
    ".app-bridge-double-modal > div { background: #fff; border-radius: 12px; max-width: 36rem; margin: 1rem; }",
    ".app-bridge-double-modal h2 { margin: 0; padding: 12px 16px; font-size: 16px; border-bottom: 1px solid #ddd; }",
    ".app-bridge-double-modal footer { display: flex; gap: 8px; justify-content: flex-end; padding: 12px 16px; border-top: 1px solid #ddd; }",
  ].join("\n");
  document.head.append(style);

  const openable = (open: Record<string, boolean>) =>
    class extends HTMLElement {
      show() { shown(this, true, open); return Promise.resolve(); }
      hide() { shown(this, false, open); return Promise.resolve(); }
      toggle() { shown(this, !this.hasAttribute("open"), open); return Promise.resolve(); }
      get showing() { return this.hasAttribute("open"); }
    };
  customElements.define("ui-nav-menu", class extends HTMLElement {});
  customElements.define("ui-title-bar", class extends HTMLElement {});
  customElements.define("ui-save-bar", openable(record.saveBars));
  // The app renders a modal's content into `content`, an element outside its own markup; the admin
  // draws it in a dialog with the title and the buttons of the modal's title bar, whose clicks it
  // passes on to the app's buttons.
  customElements.define(
    "ui-modal",
    class extends openable(record.modals) {
      content = document.createElement("div");
      private dialog: HTMLElement | null = null;
      constructor() {
        super();
        this.addEventListener("show", () => this.draw());
        this.addEventListener("hide", () => {
          this.dialog?.remove();
          this.dialog = null;
        });
      }
      private draw() {
        const titleBar = this.querySelector("ui-title-bar");
        const dialog = document.createElement("div");
        dialog.className = "app-bridge-double-modal";
        const box = document.createElement("div");
        box.setAttribute("role", "dialog");
        box.setAttribute("aria-modal", "true");
        const heading = document.createElement("h2");
        heading.textContent = titleBar?.getAttribute("title") ?? "";
        box.setAttribute("aria-label", heading.textContent);
        const footer = document.createElement("footer");
        for (const original of Array.from(titleBar?.querySelectorAll("button") ?? [])) {
          const button = document.createElement("button");
          button.textContent = original.textContent;
          button.dataset.variant = original.getAttribute("variant") ?? "secondary";
          button.addEventListener("click", () => original.click());
          footer.append(button);
        }
        box.append(heading, this.content, footer);
        dialog.append(box);
        document.body.append(dialog);
        this.dialog = dialog;
      }
    },
  );
}

/**
 * The double as the script body served at App Bridge's URL. Compiled by tsx (esbuild keeping names),
 * the function's source calls `__name()`, a helper of the module it came from: the browser gets one
 * that does nothing.
 */
export const APP_BRIDGE_DOUBLE_SCRIPT = `(() => { const __name = (target) => target; (${appBridgeDouble.toString()})(); })();`;

export const APP_BRIDGE_URL = "https://cdn.shopify.com/shopifycloud/app-bridge.js";
