// Tells the merchant how an action went with Shopify admin's own toast (App
// Bridge `shopify.toast.show`), once per answer, at the bottom of the screen
// where admin shows it, whatever part of the page they are looking at.
import { useEffect, useRef } from "react";

interface ToastingAppBridge {
  toast?: { show(message: string, options?: { isError?: boolean; duration?: number }): unknown };
}

export function showToast(message: string, isError = false): void {
  const shopify = typeof window === "undefined" ? undefined : (window as unknown as { shopify?: ToastingAppBridge }).shopify;
  shopify?.toast?.show(message, { isError });
}

/** Shows `outcome` as a toast each time a new one arrives (a new object from the action). */
export function useOutcomeToast(outcome: { ok: boolean; message: string } | null | undefined): void {
  const shown = useRef<unknown>(null);
  useEffect(() => {
    if (!outcome || shown.current === outcome) return;
    shown.current = outcome;
    showToast(outcome.message, !outcome.ok);
  }, [outcome]);
}
