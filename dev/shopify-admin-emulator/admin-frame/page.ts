// The HTML of the emulated admin page: a top bar with the shop, a sidebar
// with the app's nav menu, the app's title bar and save bar, the iframe the
// app runs in, and a place for toasts. Styled only enough to read like admin.
const escape = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export interface AdminPageContent {
  shopName: string;
  appName: string;
  appOrigin: string;
  /** /store/<store>/apps/<handle>: the admin address of the app's root. */
  framePath: string;
  tokenUrl: string;
  iframeSrc: string;
  scriptUrl: string;
}

const STYLE = `
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.4 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, sans-serif; background: #f1f1f1; color: #303030; height: 100vh; display: grid; grid-template: "top top" 48px "side main" 1fr / 220px 1fr; }
  header { grid-area: top; background: #1a1a1a; color: #e3e3e3; display: flex; align-items: center; justify-content: space-between; padding: 0 16px; }
  header strong { color: #fff; }
  aside { grid-area: side; padding: 12px 8px; border-right: 1px solid #e3e3e3; background: #ebebeb; }
  aside h2 { font-size: 13px; margin: 4px 8px 8px; }
  aside ul { list-style: none; margin: 0; padding: 0; }
  aside a { display: block; padding: 6px 8px 6px 20px; border-radius: 8px; color: #303030; text-decoration: none; }
  aside a[aria-current="page"] { background: #fff; font-weight: 650; }
  aside h2 a { padding-left: 8px; }
  main { grid-area: main; display: flex; flex-direction: column; min-width: 0; position: relative; }
  #title-bar { display: flex; align-items: center; gap: 12px; min-height: 56px; padding: 8px 24px; }
  #title-bar h1 { font-size: 20px; margin: 0; flex: 1; }
  #title-bar .actions { display: flex; gap: 8px; }
  button { font: inherit; border: 1px solid #c9c9c9; background: #fff; border-radius: 8px; padding: 4px 12px; cursor: pointer; }
  button.primary { background: #303030; color: #fff; border-color: #303030; }
  button.breadcrumb { border: none; background: none; padding: 4px; }
  button.breadcrumb::before { content: "\\2190  "; }
  #save-bar { display: flex; align-items: center; gap: 8px; padding: 8px 24px; background: #1a1a1a; color: #fff; }
  #save-bar span { flex: 1; }
  #save-bar[hidden] { display: none; }
  iframe { flex: 1; width: 100%; border: 0; background: #f1f1f1; }
  #toasts { position: absolute; bottom: 24px; left: 50%; transform: translateX(-50%); display: flex; flex-direction: column; gap: 8px; align-items: center; }
  .toast { background: #1a1a1a; color: #fff; padding: 10px 16px; border-radius: 8px; }
  .toast.error { background: #8e1f0b; }
  /* On a phone admin gives the app the whole width: the app's menu becomes a strip above it. */
  @media (max-width: 768px) {
    body { grid-template: "top" 48px "side" auto "main" 1fr / 1fr; }
    aside { border-right: none; border-bottom: 1px solid #e3e3e3; padding: 4px 8px; display: flex; }
    aside nav { display: flex; flex-wrap: wrap; align-items: center; gap: 0 4px; }
    aside h2 { margin: 0; }
    aside ul { display: flex; flex-wrap: wrap; }
    aside a, aside h2 a { padding: 4px 8px; }
    #title-bar { padding: 8px 12px; flex-wrap: wrap; }
  }
  .toast { display: flex; align-items: center; gap: 12px; }
  .toast button { background: none; color: #fff; border: none; padding: 2px 4px; }
  .toast .toast-action { text-decoration: underline; font-weight: 650; }
`;

export function adminPageHtml(page: AdminPageContent): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(page.appName)}</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body data-app-origin="${escape(page.appOrigin)}" data-frame-path="${escape(page.framePath)}" data-token-url="${escape(page.tokenUrl)}" data-app-name="${escape(page.appName)}">
<header><span>Shopify admin <small>(emulated)</small></span><strong>${escape(page.shopName)}</strong></header>
<aside>
  <nav aria-label="${escape(page.appName)}">
    <h2><a id="app-home" href="${escape(page.framePath)}">${escape(page.appName)}</a></h2>
    <ul id="app-nav"></ul>
  </nav>
</aside>
<main>
  <div id="save-bar" role="region" aria-label="Contextual save bar" hidden></div>
  <div id="title-bar"></div>
  <iframe name="app-iframe" title="${escape(page.appName)}" src="${escape(page.iframeSrc)}"></iframe>
  <div id="toasts" role="status" aria-live="polite"></div>
</main>
<script src="${escape(page.scriptUrl)}"></script>
</body>
</html>`;
}
