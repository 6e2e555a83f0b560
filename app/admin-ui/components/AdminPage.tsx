// A page of the app. Its title, the way back and its primary action are shown
// by Shopify admin's title bar (App Bridge's TitleBar, with a breadcrumb link
// and a primary button), above the app's frame, as admin shows every app page.
// It also says how an Undo from a toast went, whichever button offered it.
import { useNavigate } from "@remix-run/react";
import { Page, type PageProps } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { useUndoOutcomeToast } from "./use-outcome-toast";

export interface TitleBarAction {
  content: string;
  /** A page of the app to open, or what to do. */
  url?: string;
  onAction?: () => void;
  disabled?: boolean;
}

type AdminPageProps = Omit<PageProps, "title" | "backAction" | "primaryAction"> & {
  title: string;
  backAction?: { content: string; url: string };
  primaryAction?: TitleBarAction;
};

export function AdminPage({ title, backAction, primaryAction, children, ...page }: AdminPageProps) {
  const navigate = useNavigate();
  useUndoOutcomeToast();
  return (
    <>
      <TitleBar title={title}>
        {backAction && (
          <a variant="breadcrumb" href={backAction.url}>
            {backAction.content}
          </a>
        )}
        {primaryAction && (
          <button
            variant="primary"
            disabled={primaryAction.disabled}
            onClick={() => (primaryAction.onAction ? primaryAction.onAction() : primaryAction.url && navigate(primaryAction.url))}
          >
            {primaryAction.content}
          </button>
        )}
      </TitleBar>
      <Page {...page}>{children}</Page>
    </>
  );
}
