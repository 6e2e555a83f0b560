// Keeps a page current while work is under way, without a manual reload:
// re-runs its loaders every few seconds, only while the tab is visible and no
// refresh is already in flight.
import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";

export const LIVE_REFRESH_MS = 2_500;

export function useLiveRefresh(active: boolean, everyMs = LIVE_REFRESH_MS) {
  const revalidator = useRevalidator();
  const latest = useRef(revalidator);
  latest.current = revalidator;
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && latest.current.state === "idle") latest.current.revalidate();
    }, everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs]);
}
