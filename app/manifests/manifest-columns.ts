// The columns of an agency's CSV manifest, as the seeds' playbooks write them.
// Shared by the reader on the server and the import report in the browser.
export const MANIFEST_COLUMNS = ["sku", "image_url", "video_prompt", "collection", "target_surface"] as const;

export type ManifestColumn = (typeof MANIFEST_COLUMNS)[number];

export function isManifestColumn(name: string): name is ManifestColumn {
  return (MANIFEST_COLUMNS as readonly string[]).includes(name);
}
