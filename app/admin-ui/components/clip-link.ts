// The app's own clip and poster links (/clips/<job>/...), relative or on an
// http(s) origin: the only addresses the clip components put in src.
export function isClipLink(value: string | null | undefined): value is string {
  if (!value) return false;
  const path = /^https?:\/\/[^/]+(\/.*)$/.exec(value)?.[1] ?? value;
  return /^\/clips\/[^/?#]+\/(clip\.mp4|poster\.jpg)\?/.test(path);
}
