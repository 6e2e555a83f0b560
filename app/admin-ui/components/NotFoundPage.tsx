// A page that is not there (an old link, a typed address, another shop's
// batch): said calmly, with the way back, in Shopify admin's empty-state style.
// Nothing is broken, so nothing is red.
import { Card, EmptyState, Layout, Page } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { EMPTY_STATE_IMAGE } from "../empty-state-image";

export function NotFoundPage() {
  return (
    <>
      <TitleBar title="Page not found" />
      <Page>
        <Layout>
          <Layout.Section>
            <Card>
              <EmptyState
                heading="We couldn't find that page"
                image={EMPTY_STATE_IMAGE}
                action={{ content: "Go to Home", url: "/app" }}
                secondaryAction={{ content: "See all batches", url: "/app/batches" }}
              >
                <p>It may have been removed, or the link is not part of your store.</p>
              </EmptyState>
            </Card>
          </Layout.Section>
        </Layout>
      </Page>
    </>
  );
}
