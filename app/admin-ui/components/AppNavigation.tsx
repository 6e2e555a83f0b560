// The app's menu: App Bridge's NavMenu, shown by Shopify admin in its sidebar.
// The first link, marked rel="home", is the app's home page.
import { Link } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";

const PAGES = [
  { to: "/app", label: "Home" },
  { to: "/app/generate", label: "Generate" },
  { to: "/app/batches", label: "Batches" },
  { to: "/app/import", label: "Import" },
  { to: "/app/review", label: "Review" },
  { to: "/app/settings", label: "Settings" },
  { to: "/app/billing", label: "Billing" },
];

export function AppNavigation() {
  return (
    <NavMenu>
      {PAGES.map((p) => (
        <Link key={p.to} to={p.to} rel={p.to === "/app" ? "home" : undefined}>
          {p.label}
        </Link>
      ))}
    </NavMenu>
  );
}
