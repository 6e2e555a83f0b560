// A page of the app. Its title and the way back are shown by Shopify admin's
// title bar (App Bridge's TitleBar, with a breadcrumb link), above the app's
// frame, as admin shows every app page.
import { Page, type PageProps } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";

type AdminPageProps = Omit<PageProps, "title" | "backAction"> & { title: string; backAction?: { content: string; url: string } };

export function AdminPage({ title, backAction, children, ...page }: AdminPageProps) {
  return (
    <>
      <TitleBar title={title}>
        {backAction && (
          <a variant="breadcrumb" href={backAction.url}>
            {backAction.content}
          </a>
        )}
      </TitleBar>
      <Page {...page}>{children}</Page>
    </>
  );
}
