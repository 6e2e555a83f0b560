// Where a clip will be shown decides its shape and its starting prompt. Shared
// by the pages and the server (no server imports).

export interface TargetSurface {
  /** The key of the shop's prompt template for this surface. */
  id: "product-page" | "product-page-square" | "social";
  label: string;
  aspectRatio: "16:9" | "1:1" | "9:16";
}

export const TARGET_SURFACES: readonly TargetSurface[] = [
  { id: "product-page", label: "Product page, wide (16:9)", aspectRatio: "16:9" },
  { id: "product-page-square", label: "Product page, square (1:1)", aspectRatio: "1:1" },
  { id: "social", label: "Social, vertical (9:16)", aspectRatio: "9:16" },
];

export type TargetSurfaceId = TargetSurface["id"];

export const DEFAULT_SURFACE: TargetSurface = TARGET_SURFACES[0];

/** Names agencies already use in their manifests for the same surfaces. */
const MANIFEST_ALIASES: Readonly<Record<string, TargetSurfaceId>> = {
  "shopify-pdp": "product-page",
  "meta-ads": "social",
};

export function surfaceById(id: string): TargetSurface | undefined {
  return TARGET_SURFACES.find((s) => s.id === id);
}

/** A manifest's target_surface value, by our name or a known alias (case-insensitive). */
export function surfaceForManifestValue(value: string): TargetSurface | undefined {
  const key = value.trim().toLowerCase();
  return surfaceById(MANIFEST_ALIASES[key] ?? key);
}

export const MANIFEST_SURFACE_NAMES: readonly string[] = [...TARGET_SURFACES.map((s) => s.id), ...Object.keys(MANIFEST_ALIASES)];
