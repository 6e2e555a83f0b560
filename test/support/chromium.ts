// Debian's Chromium through playwright-core (no browser download), started the
// way this machine allows: headless, no sandbox, none of Chromium's own
// network traffic (this machine's closed network refuses it).
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
