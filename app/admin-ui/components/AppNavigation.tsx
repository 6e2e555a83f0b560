// The app's menu: App Bridge's NavMenu in Shopify admin's sidebar when
// embedded; a plain top bar in the sandbox, where there is no admin sidebar.
import { Link, NavLink } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import { Box, InlineStack, Text } from "@shopify/polaris";

const PAGES = [
  { to: "/app", label: "Home" },
  { to: "/app/generate", label: "Generate" },
  { to: "/app/import", label: "Import" },
  { to: "/app/review", label: "Review" },
  { to: "/app/settings", label: "Settings" },
];

// Styled like admin's own navigation: plain text, the current page marked.
const LINK = { color: "var(--p-color-text-secondary)", textDecoration: "none", fontWeight: 500, paddingBlock: 4 } as const;
const CURRENT = { ...LINK, color: "var(--p-color-text)", fontWeight: 650, boxShadow: "inset 0 -2px 0 var(--p-color-border-emphasis)" } as const;

export function AppNavigation({ sandbox }: { sandbox: boolean }) {
  if (!sandbox) {
    return (
      <NavMenu>
        {PAGES.map((p) => (
          <Link key={p.to} to={p.to} rel={p.to === "/app" ? "home" : undefined}>{p.label}</Link>
        ))}
      </NavMenu>
    );
  }
  return (
    <Box background="bg-surface" borderBlockEndWidth="025" borderColor="border" paddingBlock="300" paddingInline="600">
      <nav aria-label="Catalog Motion">
        <InlineStack gap="500" blockAlign="center">
          <Text as="span" variant="headingMd">Catalog Motion</Text>
          {PAGES.map((p) => (
            <NavLink key={p.to} to={p.to} end={p.to === "/app"} prefetch="intent" style={({ isActive }) => (isActive ? CURRENT : LINK)}>
              {p.label}
            </NavLink>
          ))}
        </InlineStack>
      </nav>
    </Box>
  );
}
