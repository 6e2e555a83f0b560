// The emulated Shopify admin page around the app's iframe: it answers the App
// Bridge stand-in's requests for session tokens (signed by the emulator, which
// holds the app's secret, as Shopify's servers do for admin), shows the app's
// title bar, nav menu, save bar and toasts, and keeps its own address in step
// with the page the app shows, as admin.shopify.com/store/<shop>/apps/<app>/… does.
import { CHANNEL, type FromAdmin, type FromApp, type NavItem, type SaveBarState, type TitleBarState } from "./messages";

const body = document.body.dataset;
const appOrigin = body.appOrigin ?? "";
const framePath = body.framePath ?? "";
const tokenUrl = body.tokenUrl ?? "";
const iframe = document.querySelector<HTMLIFrameElement>("iframe[name=app-iframe]")!;
const titleBar = document.getElementById("title-bar")!;
const navMenu = document.getElementById("app-nav")!;
const appHome = document.getElementById("app-home") as HTMLAnchorElement;
const saveBar = document.getElementById("save-bar")!;
const toasts = document.getElementById("toasts")!;

function tell(message: FromAdmin) {
  iframe.contentWindow?.postMessage(message, appOrigin);
}

async function sessionToken(): Promise<string | null> {
  const response = await fetch(tokenUrl, { method: "POST" });
  if (!response.ok) return null;
  return ((await response.json()) as { token: string }).token;
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  ...children: (Node | string)[]
) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function showTitleBar(state: TitleBarState | null) {
  titleBar.replaceChildren();
  if (!state) return;
  if (state.breadcrumb) {
    const crumb = element("button", { className: "breadcrumb", type: "button" }, state.breadcrumb);
    crumb.addEventListener("click", () => tell({ channel: CHANNEL, type: "title-bar-action", target: "breadcrumb" }));
    titleBar.append(crumb);
  }
  titleBar.append(element("h1", {}, state.title));
  const actions = element("div", { className: "actions" });
  state.buttons.forEach((button, index) => {
    const node = element("button", { type: "button", disabled: button.disabled, className: button.primary ? "primary" : "" }, button.label);
    node.addEventListener("click", () => tell({ channel: CHANNEL, type: "title-bar-action", target: index }));
    actions.append(node);
  });
  titleBar.append(actions);
}

let homeHref: string | null = null;
appHome.addEventListener("click", (event) => {
  event.preventDefault();
  if (homeHref) tell({ channel: CHANNEL, type: "navigate", href: homeHref });
});

function showNavMenu(items: NavItem[]) {
  const home = items.find((item) => item.home);
  homeHref = home?.href ?? null;
  appHome.href = `${framePath}${homeHref ?? ""}`;
  navMenu.replaceChildren(
    ...items
      .filter((item) => !item.home)
      .map((item) => {
        const link = element("a", { href: `${framePath}${item.href}` }, item.label);
        link.addEventListener("click", (event) => {
          event.preventDefault();
          tell({ channel: CHANNEL, type: "navigate", href: item.href });
        });
        return element("li", {}, link);
      }),
  );
  markCurrentPage();
}

function markCurrentPage() {
  const here = location.pathname.slice(framePath.length) || "/";
  const links = [appHome, ...navMenu.querySelectorAll("a")];
  // The longest menu entry the page's path starts with is the current one.
  const current = links
    .filter((a) => {
      const target = a.pathname.slice(framePath.length);
      return here === target || here.startsWith(`${target}/`);
    })
    .sort((a, b) => b.pathname.length - a.pathname.length)[0];
  for (const link of links) {
    if (link === current) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

function showSaveBar(state: SaveBarState) {
  saveBar.hidden = !state.visible;
  saveBar.replaceChildren();
  if (!state.visible) return;
  const discard = element("button", { type: "button" }, state.discardLabel);
  discard.addEventListener("click", () => tell({ channel: CHANNEL, type: "save-bar-action", action: "discard" }));
  const save = element("button", { type: "button", className: "primary" }, state.saveLabel);
  save.addEventListener("click", () => tell({ channel: CHANNEL, type: "save-bar-action", action: "save" }));
  saveBar.append(element("span", {}, "Unsaved changes"), discard, save);
}

// A toast as admin shows it: its message, its action button if it has one, and a dismiss button.
function showToast(toast: Extract<FromApp, { type: "toast" }>) {
  const node = element("div", { className: toast.isError ? "toast error" : "toast" }, element("span", {}, toast.message));
  node.dataset.toastId = toast.id;
  const pressed = (which: "action" | "dismiss") => {
    node.remove();
    tell({ channel: CHANNEL, type: "toast-action", id: toast.id, pressed: which });
  };
  if (toast.action) {
    const action = element("button", { type: "button", className: "toast-action" }, toast.action);
    action.addEventListener("click", () => pressed("action"));
    node.append(action);
  }
  const dismiss = element("button", { type: "button", className: "toast-dismiss", ariaLabel: "Dismiss notification" }, "\u00d7");
  dismiss.addEventListener("click", () => pressed("dismiss"));
  node.append(dismiss);
  toasts.append(node);
  setTimeout(() => node.remove(), toast.durationMs);
}

addEventListener("message", async (event: MessageEvent<FromApp>) => {
  if (event.source !== iframe.contentWindow || event.origin !== appOrigin || event.data?.channel !== CHANNEL) return;
  const message = event.data;
  switch (message.type) {
    case "id-token-request":
      tell({ channel: CHANNEL, type: "id-token", requestId: message.requestId, token: await sessionToken() });
      break;
    case "title-bar":
      showTitleBar(message.titleBar);
      document.title = message.titleBar?.title ? `${message.titleBar.title} · ${body.appName}` : `${body.appName}`;
      break;
    case "nav-menu":
      showNavMenu(message.items);
      break;
    case "location":
      history.replaceState(null, "", `${framePath}${message.path}`);
      markCurrentPage();
      break;
    case "toast":
      showToast(message);
      break;
    case "toast-hide":
      toasts.querySelector(`[data-toast-id="${CSS.escape(message.id)}"]`)?.remove();
      break;
    case "save-bar":
      showSaveBar(message.saveBar);
      break;
  }
});
