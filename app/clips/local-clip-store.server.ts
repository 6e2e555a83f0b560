// The clip store on the embedded default: a folder on this machine's disk.
// Keys come from clipKeysFor (never from a request), and are still checked to
// stay inside the folder.
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import type { ByteRange, ClipStore, StoredObject } from "./clip-store.server";

const CONTENT_TYPES: Record<string, string> = { ".mp4": "video/mp4", ".jpg": "image/jpeg" };

export function localClipStore(root: string): ClipStore {
  const resolvedRoot = path.resolve(root);
  const pathOf = (key: string) => {
    const full = path.resolve(resolvedRoot, key);
    if (!full.startsWith(resolvedRoot + path.sep)) throw new Error(`The clip store key ${JSON.stringify(key)} leaves its folder`);
    return full;
  };
  const statOf = async (key: string) => {
    try {
      const stat = await fsp.stat(pathOf(key));
      return stat.isFile() ? stat : null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  };

  return {
    async putFile(key, filePath) {
      const target = pathOf(key);
      await fsp.mkdir(path.dirname(target), { recursive: true });
      // Copy beside, then rename: a reader never sees half a clip.
      const partial = `${target}.${process.pid}.${Date.now()}.partial`;
      await fsp.copyFile(filePath, partial);
      await fsp.rename(partial, target);
      return (await fsp.stat(target)).size;
    },
    async get(key, range?: ByteRange): Promise<StoredObject | null> {
      const stat = await statOf(key);
      if (!stat) return null;
      const body = fs.createReadStream(pathOf(key), range ? { start: range.start, end: range.end } : {});
      return { body, size: stat.size, contentType: CONTENT_TYPES[path.extname(key)] ?? "application/octet-stream" };
    },
    async size(key) {
      return (await statOf(key))?.size ?? null;
    },
    async remove(keys) {
      await Promise.all(keys.map((key) => fsp.rm(pathOf(key), { force: true })));
    },
    async removePrefix(prefix) {
      await fsp.rm(pathOf(prefix), { recursive: true, force: true });
    },
  };
}
