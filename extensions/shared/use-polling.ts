// Follows a job or batch until it is done: asks again every few seconds
// while the extension is open, and stops when it closes or the work finishes.
import { useEffect, useState } from "preact/hooks";
import type { ApiResult } from "../../app/extension-actions/api-types";

const EVERY_MS = 4_000;

export function usePolling<T extends object>(
  load: (() => Promise<ApiResult<T>>) | null,
  isDone: (data: T) => boolean,
): ApiResult<T> | null {
  const [result, setResult] = useState<ApiResult<T> | null>(null);
  useEffect(() => {
    if (!load) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const next = await load();
      if (stopped) return;
      setResult(next);
      // A failed poll is shown and tried again; only finished work stops it.
      if (!next.ok || !isDone(next)) timer = setTimeout(tick, EVERY_MS);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `load` (memoised by the caller) names what is followed; isDone is a pure test of an answer.
  }, [load]);
  return result;
}
