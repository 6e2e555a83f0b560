// The App Bridge stand-in: served in place of
// https://cdn.shopify.com/shopifycloud/app-bridge.js in the sandbox and the
// tests only, it gives the app the `shopify` global that App Bridge v4 gives
// it inside Shopify admin, and talks to the emulated admin page around the
// iframe (which serves this script, so its origin is the admin's):
// - shopify.idToken(): a fresh session token, signed by the admin page;
// - fetch: requests to the app's own domain (and its subdomains) carry
//   `Authorization: Bearer <token>` and the shop's locale, the way App Bridge
//   patches the global fetch (Remix's data requests and form submissions go
//   through it); a 401 with X-Shopify-Retry-Invalid-Session-Request is retried
//   once with a new token, and X-Shopify-API-Request-Failure-Reauthorize-Url
//   sends the whole admin page there;
// - <ui-title-bar>, <ui-nav-menu> and <ui-save-bar> (what
//   @shopify/app-bridge-react's TitleBar, NavMenu and SaveBar render) are shown
//   by the admin page, and clicks there act on the app's own elements;
// - shopify.toast.show() (with an action button and its onAction, and
//   onDismiss) and .hide(), and shopify.saveBar.
// The real App Bridge does far more (resource picker, modals, admin links);
// what is not here is absent, so a page that needs it fails visibly.
import {
  ADMIN_QUERY_PARAMETERS,
  CHANNEL,
  type FromAdmin,
  type FromApp,
  type NavItem,
  type SaveBarState,
  type TitleBarState,
} from "./messages";

const script = document.currentScript as HTMLScriptElement | null;
const adminOrigin = script ? new URL(script.src).origin : "";
const apiKey = script?.dataset.apiKey ?? "";
const query = new URLSearchParams(location.search);
const shop = query.get("shop") ?? "";
const locale = query.get("locale") ?? navigator.language;
const embedded = window.parent !== window && adminOrigin !== "";

function send(message: FromApp) {
  if (embedded) window.parent.postMessage(message, adminOrigin);
}

// Session tokens: asked of the admin page, kept until ten seconds before they expire.
let tokenRequests = 0;
const pendingTokens = new Map<number, (token: string | null) => void>();
let cachedToken: { token: string; expiresAt: number } | null = null;

function expiryOf(token: string): number {
  try {
    const payload = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))) as { exp?: number };
    return (payload.exp ?? 0) * 1000;
  } catch {
    return 0;
  }
}

async function idToken(options: { fresh?: boolean } = {}): Promise<string> {
  if (!options.fresh && cachedToken && cachedToken.expiresAt - 10_000 > Date.now()) return cachedToken.token;
  if (!embedded) throw new Error("App Bridge: the app is not inside Shopify admin, so there is no session token");
  tokenRequests += 1;
  const requestId = tokenRequests;
  const token = await new Promise<string | null>((resolve) => {
    pendingTokens.set(requestId, resolve);
    send({ channel: CHANNEL, type: "id-token-request", requestId });
  });
  if (!token) throw new Error("App Bridge: Shopify admin did not give a session token");
  cachedToken = { token, expiresAt: expiryOf(token) };
  return token;
}

// The authenticated fetch.
const plainFetch = window.fetch.bind(window);
const ownHost = location.hostname;

function isAppRequest(url: URL): boolean {
  return (url.protocol === "https:" || url.protocol === "http:") && (url.hostname === ownHost || url.hostname.endsWith(`.${ownHost}`));
}

async function authenticatedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  if (!embedded || !isAppRequest(new URL(request.url)) || request.headers.has("authorization")) return plainFetch(request);
  const retry = request.clone();
  const withToken = async (base: Request, token: string) => {
    const headers = new Headers(base.headers);
    headers.set("Authorization", `Bearer ${token}`);
    if (!headers.has("Accept-Language")) headers.set("Accept-Language", locale);
    return plainFetch(new Request(base, { headers }));
  };
  let response = await withToken(request, await idToken());
  if (response.status === 401 && response.headers.get("X-Shopify-Retry-Invalid-Session-Request") === "1") {
    response = await withToken(retry, await idToken({ fresh: true }));
  }
  const reauthorize = response.headers.get("X-Shopify-API-Request-Failure-Reauthorize-Url");
  if (reauthorize) window.open(reauthorize, "_top");
  return response;
}
window.fetch = authenticatedFetch;

// Title bar, nav menu and save bar: the app's elements, read whenever they change.
class HiddenElement extends HTMLElement {
  connectedCallback() {
    this.style.display = "none";
  }
}

const saveBarsShown = new Set<string>();

class SaveBarElement extends HiddenElement {
  get showing(): boolean {
    return saveBarsShown.has(this.id);
  }
  show() {
    saveBarsShown.add(this.id);
    scheduleSync();
  }
  hide() {
    saveBarsShown.delete(this.id);
    scheduleSync();
  }
  toggle() {
    if (this.showing) this.hide();
    else this.show();
  }
}

customElements.define("ui-title-bar", class extends HiddenElement {});
customElements.define("ui-nav-menu", class extends HiddenElement {});
customElements.define("ui-save-bar", SaveBarElement);

const text = (element: Element) => (element.textContent ?? "").trim();

function titleBarActions(bar: Element): HTMLElement[] {
  return [...bar.querySelectorAll<HTMLElement>("button, a")].filter((e) => e.getAttribute("variant") !== "breadcrumb");
}

function readTitleBar(): TitleBarState | null {
  const bar = document.querySelector("ui-title-bar");
  if (!bar) return null;
  const breadcrumb = bar.querySelector('[variant="breadcrumb"]');
  return {
    title: bar.getAttribute("title") ?? "",
    breadcrumb: breadcrumb ? text(breadcrumb) : null,
    buttons: titleBarActions(bar).map((b) => ({
      label: text(b),
      primary: b.getAttribute("variant") === "primary",
      disabled: b.hasAttribute("disabled"),
    })),
  };
}

function readNavMenu(): NavItem[] {
  const menu = document.querySelector("ui-nav-menu");
  if (!menu) return [];
  return [...menu.querySelectorAll("a")].map((a) => ({
    label: text(a),
    href: a.getAttribute("href") ?? "",
    home: a.getAttribute("rel") === "home",
  }));
}

function shownSaveBar(): Element | null {
  return [...document.querySelectorAll("ui-save-bar")].find((bar) => saveBarsShown.has(bar.id)) ?? null;
}

function readSaveBar(): SaveBarState {
  const bar = shownSaveBar();
  if (!bar) return { visible: false, saveLabel: "", discardLabel: "" };
  const primary = bar.querySelector('button[variant="primary"]');
  const other = [...bar.querySelectorAll("button")].find((b) => b !== primary);
  return { visible: true, saveLabel: primary ? text(primary) : "Save", discardLabel: other ? text(other) : "Discard" };
}

function appPath(): string {
  const params = new URLSearchParams(location.search);
  for (const name of ADMIN_QUERY_PARAMETERS) params.delete(name);
  const search = params.toString();
  return `${location.pathname}${search ? `?${search}` : ""}`;
}

const sent = new Map<string, string>();
function sendIfChanged(key: string, message: FromApp) {
  const serialized = JSON.stringify(message);
  if (sent.get(key) === serialized) return;
  sent.set(key, serialized);
  send(message);
}

let syncScheduled = false;
function scheduleSync() {
  if (syncScheduled) return;
  syncScheduled = true;
  queueMicrotask(() => {
    syncScheduled = false;
    sendIfChanged("title-bar", { channel: CHANNEL, type: "title-bar", titleBar: readTitleBar() });
    sendIfChanged("nav-menu", { channel: CHANNEL, type: "nav-menu", items: readNavMenu() });
    sendIfChanged("save-bar", { channel: CHANNEL, type: "save-bar", saveBar: readSaveBar() });
    sendIfChanged("location", { channel: CHANNEL, type: "location", path: appPath() });
  });
}

new MutationObserver(scheduleSync).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
for (const method of ["pushState", "replaceState"] as const) {
  const original = history[method].bind(history);
  history[method] = (...args: Parameters<History["pushState"]>) => {
    original(...args);
    scheduleSync();
  };
}
addEventListener("popstate", scheduleSync);
scheduleSync();

// Shopify's library answers a page opened without a session token with its
// bounce page (/auth/session-token?shopify-reload=<the page>): App Bridge
// reloads the page with a fresh token in id_token, within the app's origin only.
const reload = query.get("shopify-reload");
if (reload) {
  const target = new URL(reload, location.href);
  if (target.origin === location.origin) {
    void idToken().then((token) => {
      target.searchParams.set("id_token", token);
      location.replace(target.toString());
    });
  }
}

// What the admin page asks of the app.
function navigateTo(element: Element) {
  // The AppProvider of @shopify/shopify-app-remix navigates on this event.
  element.dispatchEvent(new CustomEvent("shopify:navigate", { bubbles: true }));
}

addEventListener("message", (event: MessageEvent<FromAdmin>) => {
  if (event.source !== window.parent || event.origin !== adminOrigin || event.data?.channel !== CHANNEL) return;
  const message = event.data;
  switch (message.type) {
    case "id-token": {
      pendingTokens.get(message.requestId)?.(message.token);
      pendingTokens.delete(message.requestId);
      break;
    }
    case "navigate": {
      const link = [...document.querySelectorAll("ui-nav-menu a")].find((a) => a.getAttribute("href") === message.href);
      if (link) navigateTo(link);
      break;
    }
    case "title-bar-action": {
      const bar = document.querySelector("ui-title-bar");
      if (!bar) break;
      const target = message.target === "breadcrumb" ? bar.querySelector('[variant="breadcrumb"]') : titleBarActions(bar)[message.target];
      if (target instanceof HTMLAnchorElement) navigateTo(target);
      else if (target instanceof HTMLElement) target.click();
      break;
    }
    case "save-bar-action": {
      const bar = shownSaveBar();
      const primary = bar?.querySelector('button[variant="primary"]');
      const other = bar ? [...bar.querySelectorAll("button")].find((b) => b !== primary) : undefined;
      (message.action === "save" ? primary : other)?.dispatchEvent(new MouseEvent("click", { bubbles: true }));
      break;
    }
    case "toast-action": {
      toastPressed(message.id, message.pressed);
      break;
    }
  }
});

// App Bridge's ToastOptions: https://shopify.dev/docs/api/app-bridge-library/apis/toast
interface ToastOptions {
  duration?: number;
  isError?: boolean;
  /** The label of a button in the toast (an "Undo"). */
  action?: string;
  onAction?: () => void;
  onDismiss?: () => void;
}

let toasts = 0;
/** The callbacks of toasts still shown, by id; a toast's callback runs at most once. */
const toastCallbacks = new Map<string, Pick<ToastOptions, "onAction" | "onDismiss">>();
const toast = {
  show(message: string, options: ToastOptions = {}): string {
    toasts += 1;
    const id = `toast-${toasts}`;
    const durationMs = options.duration ?? 5_000;
    if (options.onAction || options.onDismiss) {
      toastCallbacks.set(id, { onAction: options.onAction, onDismiss: options.onDismiss });
      setTimeout(() => toastCallbacks.delete(id), durationMs + 1_000);
    }
    const action = options.action && options.onAction ? options.action : null;
    send({ channel: CHANNEL, type: "toast", id, message, isError: Boolean(options.isError), durationMs, action });
    return id;
  },
  hide(id: string): void {
    toastCallbacks.delete(id);
    send({ channel: CHANNEL, type: "toast-hide", id });
  },
};

function toastPressed(id: string, pressed: "action" | "dismiss") {
  const callbacks = toastCallbacks.get(id);
  toastCallbacks.delete(id);
  (pressed === "action" ? callbacks?.onAction : callbacks?.onDismiss)?.();
}

const saveBar = {
  async show(id: string) {
    (document.getElementById(id) as SaveBarElement | null)?.show();
  },
  async hide(id: string) {
    (document.getElementById(id) as SaveBarElement | null)?.hide();
  },
  async toggle(id: string) {
    (document.getElementById(id) as SaveBarElement | null)?.toggle();
  },
};

Object.defineProperty(window, "shopify", {
  configurable: false,
  value: {
    config: { apiKey, shop, locale },
    environment: { embedded, mobile: false, pos: false },
    idToken: () => idToken(),
    toast,
    saveBar,
  },
});
