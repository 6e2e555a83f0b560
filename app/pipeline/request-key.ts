import crypto from "node:crypto";

export interface RenderIdentity {
  shop: string;
  productId: string;
  imageUrl: string;
  prompt: string;
  model: string;
  duration: number;
  aspectRatio: string;
}

/** Two requests with the same key would produce the same clip: render it once. */
export function requestKeyOf(r: RenderIdentity): string {
  return crypto
    .createHash("sha256")
    .update(JSON.stringify([r.shop, r.productId, r.imageUrl, r.prompt.trim(), r.model, r.duration, r.aspectRatio]))
    .digest("hex");
}
