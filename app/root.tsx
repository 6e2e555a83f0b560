import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, type MetaFunction } from "@remix-run/react";
import { documentTitle } from "~/admin-ui/document-titles";

export const meta: MetaFunction = ({ location, error }) => [
  { title: documentTitle(location.pathname, error ? (isRouteErrorResponse(error) && error.status === 404 ? "not-found" : "error") : null) },
];

export default function App() {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <link rel="preconnect" href="https://cdn.shopify.com/" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <Meta />
        <Links />
      </head>
      <body>
        <Outlet />
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}
