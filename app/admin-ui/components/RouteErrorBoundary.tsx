// What a merchant sees when a page cannot be shown: a Polaris page with one
// plain sentence, never a stack trace. Shopify's own auth answers (the
// session-token bounce) are handed to Shopify's boundary helper untouched.
import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { Banner, Button, Layout, Page } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { NotFoundPage } from "./NotFoundPage";

function messageFor(error: unknown): { title: string; body: string } {
  if (isRouteErrorResponse(error) && error.status === 503) {
    return { title: "Not ready yet", body: "The app is still starting up. Try again in a moment." };
  }
  return {
    title: "Something went wrong",
    body: "This page couldn't be loaded. Reload to try again; videos already on their way keep going in the meantime.",
  };
}

/** Shopify's authentication answers with a page of its own (a redirect bounce or a retry signal). */
function isShopifyAuthAnswer(error: unknown): boolean {
  return isRouteErrorResponse(error) && (error.status < 400 || error.status === 401);
}

export function ErrorPage({ title, body }: { title: string; body: string }) {
  return (
    <Page title={title}>
      <Layout>
        <Layout.Section>
          <Banner tone="critical" title={title}>
            <p>{body}</p>
          </Banner>
        </Layout.Section>
        <Layout.Section>
          <Button url="/app">Back to Home</Button>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function RouteErrorBoundary() {
  const error = useRouteError();
  if (isShopifyAuthAnswer(error)) return boundary.error(error);
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  return <ErrorPage {...messageFor(error)} />;
}
