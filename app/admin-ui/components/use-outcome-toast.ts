// Tells the merchant how an action went with Shopify admin's own toast (App
// Bridge `shopify.toast.show`), once per answer, at the bottom of the screen
// where admin shows it, whatever part of the page they are looking at. An
// answer that can be taken back (a reject) gets an "Undo" button in its toast
// (App Bridge's ToastOptions.action and onAction), shown a little longer.
import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { ActionOutcome, UndoAction } from "../action-outcome";

interface ToastOptions {
  isError?: boolean;
  duration?: number;
  action?: string;
  onAction?: () => void;
}

interface ToastingAppBridge {
  toast?: { show(message: string, options?: ToastOptions): unknown };
}

/** Long enough to read the message and reach for Undo; App Bridge's default is 5 s. */
const UNDO_TOAST_MS = 10_000;

export function showToast(message: string, isError = false, action?: { label: string; onAction: () => void }): void {
  const shopify = typeof window === "undefined" ? undefined : (window as unknown as { shopify?: ToastingAppBridge }).shopify;
  shopify?.toast?.show(
    message,
    action ? { isError, duration: UNDO_TOAST_MS, action: action.label, onAction: action.onAction } : { isError },
  );
}

/** Shows `outcome` as a toast each time a new one arrives (a new object from the action), with Undo when `onUndo` can take it back. */
export function useOutcomeToast(
  outcome: { ok: boolean; message: string; undo?: UndoAction } | null | undefined,
  onUndo?: (undo: UndoAction) => void,
): void {
  const shown = useRef<unknown>(null);
  const undoWith = useRef(onUndo);
  undoWith.current = onUndo;
  useEffect(() => {
    if (!outcome || shown.current === outcome) return;
    shown.current = outcome;
    const undo = outcome.ok ? outcome.undo : undefined;
    showToast(
      outcome.message,
      !outcome.ok,
      undo && undoWith.current ? { label: "Undo", onAction: () => undoWith.current?.(undo) } : undefined,
    );
  }, [outcome]);
}

/**
 * The fetcher an Undo is sent with when the button that offered it may be gone
 * by then (a job page's Reject is replaced by "Undo reject" as soon as the
 * reject lands): keyed, so the page (AdminPage) can follow it and say how it went.
 */
export const UNDO_FETCHER_KEY = "undo";

/** Toasts how an undo sent with UNDO_FETCHER_KEY went, once, when it finishes on this page (never a finished one found on arrival). */
export function useUndoOutcomeToast(): void {
  const undo = useFetcher<ActionOutcome>({ key: UNDO_FETCHER_KEY });
  const [finished, setFinished] = useState<ActionOutcome | null>(null);
  const busy = useRef(false);
  useEffect(() => {
    if (undo.state !== "idle") busy.current = true;
    else if (busy.current) {
      busy.current = false;
      setFinished(undo.data ?? null);
    }
  }, [undo.state, undo.data]);
  useOutcomeToast(finished);
}
