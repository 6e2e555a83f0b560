// Whether a request is more than the shop can take (this month's credits, or
// the store's room for videos under its plan) and how many of it fit, so the
// page can offer "Make the first N" before anything is created. Shared by
// server and UI.

export interface OverLimit {
  /** How many videos fit; 0 when none do. */
  fit: number;
  /** Why not all, in the merchant's words. */
  reason: string;
}

export function overLimit(request: {
  videos: number;
  creditsPerVideo: number;
  creditsLeft: number;
  storeVideosLeft?: number | null;
}): OverLimit | null {
  const { videos, creditsPerVideo, creditsLeft } = request;
  const byBudget = creditsPerVideo > 0 ? Math.max(0, Math.floor(creditsLeft / creditsPerVideo)) : Infinity;
  const byStore = request.storeVideosLeft ?? Infinity;
  const fit = Math.min(videos, byBudget, byStore);
  if (fit >= videos) return null;
  const reason =
    byStore <= byBudget
      ? `Your store has room for ${byStore.toLocaleString("en-US")} more ${byStore === 1 ? "video" : "videos"} under its Shopify plan.`
      : `This month's credits are enough for ${byBudget.toLocaleString("en-US")} ${byBudget === 1 ? "video" : "videos"}.`;
  return { fit, reason };
}
