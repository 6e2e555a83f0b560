// What the app's frame (the App Bridge stand-in) and the emulated admin page
// say to each other over postMessage. Every message carries CHANNEL so that
// either side ignores messages that are not part of this conversation.
export const CHANNEL = "catalog-motion-admin-frame";

export interface TitleBarButton {
  label: string;
  primary: boolean;
  disabled: boolean;
}

export interface TitleBarState {
  title: string;
  breadcrumb: string | null;
  buttons: TitleBarButton[];
}

export interface NavItem {
  label: string;
  href: string;
  /** rel="home": the app's home page, which admin opens from the app's name rather than listing it. */
  home: boolean;
}

export interface SaveBarState {
  visible: boolean;
  saveLabel: string;
  discardLabel: string;
}

/** From the app (inside the iframe) to the admin page. */
export type FromApp =
  | { channel: typeof CHANNEL; type: "id-token-request"; requestId: number }
  | { channel: typeof CHANNEL; type: "title-bar"; titleBar: TitleBarState | null }
  | { channel: typeof CHANNEL; type: "nav-menu"; items: NavItem[] }
  | { channel: typeof CHANNEL; type: "location"; path: string }
  | {
      channel: typeof CHANNEL;
      type: "toast";
      /** What shopify.toast.show() answered, so the admin page can say which toast was acted on. */
      id: string;
      message: string;
      isError: boolean;
      durationMs: number;
      /** The label of the toast's button (ToastOptions.action), if it has one. */
      action: string | null;
    }
  | { channel: typeof CHANNEL; type: "toast-hide"; id: string }
  | { channel: typeof CHANNEL; type: "save-bar"; saveBar: SaveBarState };

/** From the admin page to the app. */
export type FromAdmin =
  | { channel: typeof CHANNEL; type: "id-token"; requestId: number; token: string | null }
  | { channel: typeof CHANNEL; type: "navigate"; href: string }
  | { channel: typeof CHANNEL; type: "title-bar-action"; target: "breadcrumb" | number }
  | { channel: typeof CHANNEL; type: "save-bar-action"; action: "save" | "discard" }
  /** The merchant pressed a toast's action button, or its dismiss button. */
  | { channel: typeof CHANNEL; type: "toast-action"; id: string; pressed: "action" | "dismiss" };

/** The query parameters admin adds to the app's URL; the admin page's address leaves them out. */
export const ADMIN_QUERY_PARAMETERS = ["embedded", "hmac", "host", "id_token", "locale", "session", "shop", "timestamp"];
