// The two requests every action makes: load what the form needs when it
// opens, and send the generate request once the merchant confirms.
import { useEffect, useState } from "preact/hooks";
import type { ApiError, ApiResult, BatchCreatedData } from "../../app/extension-actions/api-types";

/** The answer of `load` (memoised by the caller), or null while it is on its way. */
export function useLoaded<T extends object>(load: () => Promise<ApiResult<T>>): ApiResult<T> | null {
  const [result, setResult] = useState<ApiResult<T> | null>(null);
  useEffect(() => {
    let current = true;
    setResult(null);
    void load().then((next) => {
      if (current) setResult(next);
    });
    return () => {
      current = false;
    };
  }, [load]);
  return result;
}

export type Submission = { phase: "editing"; error: ApiError | null } | { phase: "sending" } | { phase: "sent"; created: BatchCreatedData };

export function useSubmission(): { submission: Submission; submit(send: () => Promise<ApiResult<BatchCreatedData>>): Promise<void> } {
  const [submission, setSubmission] = useState<Submission>({ phase: "editing", error: null });
  return {
    submission,
    async submit(send) {
      setSubmission({ phase: "sending" });
      const result = await send();
      // A refused request keeps the form as it was, with the reason above it.
      setSubmission(result.ok ? { phase: "sent", created: result } : { phase: "editing", error: result.error });
    },
  };
}
