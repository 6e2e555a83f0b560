// /app/<anything else>: a page the app does not have. It is answered inside
// the admin's layout (menu, title bar, Polaris), as a 404 the merchant can
// leave by the menu or the way back to Home.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { RouteErrorBoundary } from "~/admin-ui/components/RouteErrorBoundary";
import { adminContext } from "~/auth/admin-context.server";
import { notFound } from "~/http/responses.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await adminContext(request);
  notFound();
}

export default function UnknownPage() {
  return null;
}

export const ErrorBoundary = RouteErrorBoundary;
