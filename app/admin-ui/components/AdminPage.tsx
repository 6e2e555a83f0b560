// A page of the app. Embedded, Shopify admin's title bar shows the title (App
// Bridge's TitleBar); in the sandbox there is no admin around, so Polaris does.
import { Page, type PageProps } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { useEmbedded } from "../layout";

export function AdminPage({ title, children, ...page }: Omit<PageProps, "title"> & { title: string }) {
  const embedded = useEmbedded();
  return (
    <>
      {embedded && <TitleBar title={title} />}
      <Page {...page} title={embedded ? undefined : title}>
        {children}
      </Page>
    </>
  );
}
