// Product photos and video previews, served by the emulator itself so an
// image URL from the Admin API can be fetched (the provider simulator or a
// browser loads it). Each is a small solid-colour PNG, a colour per id.
import type { ServerResponse } from "node:http";
import zlib from "node:zlib";

export const PRODUCT_IMAGES_PATH = "/product-images/";
export const MEDIA_PREVIEWS_PATH = "/media-previews/";

const SIZE = 64;
const PALETTE: [number, number, number][] = [
  [196, 120, 86],
  [86, 130, 196],
  [112, 168, 110],
  [214, 180, 96],
  [150, 110, 180],
  [72, 72, 80],
  [230, 222, 206],
  [180, 84, 96],
  [96, 170, 176],
  [140, 126, 100],
];
const cache = new Map<number, Buffer>();

export function productImageUrl(baseUrl: string, mediaId: number): string {
  return `${baseUrl}${PRODUCT_IMAGES_PATH}${mediaId}.png`;
}

export function mediaPreviewUrl(baseUrl: string, mediaId: number): string {
  return `${baseUrl}${MEDIA_PREVIEWS_PATH}${mediaId}.png`;
}

/** GET /product-images/<id>.png and /media-previews/<id>.png. */
export function serveImage(response: ServerResponse, pathname: string): void {
  const match = /^\/(?:product-images|media-previews)\/(\d+)\.png$/.exec(pathname);
  if (!match) {
    response.writeHead(404, { "content-type": "text/plain" }).end("Not found\n");
    return;
  }
  const png = pngFor(Number(match[1]) % PALETTE.length);
  response.writeHead(200, { "content-type": "image/png", "content-length": String(png.length), "cache-control": "public, max-age=86400" });
  response.end(png);
}

function pngFor(colour: number): Buffer {
  const cached = cache.get(colour);
  if (cached) return cached;
  const [r, g, b] = PALETTE[colour];
  const row = Buffer.alloc(1 + SIZE * 3);
  for (let x = 0; x < SIZE; x++) row.set([r, g, b], 1 + x * 3);
  const pixels = Buffer.concat(Array.from({ length: SIZE }, () => row));
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", zlib.deflateSync(pixels)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
  cache.set(colour, png);
  return png;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(typed) >>> 0);
  return Buffer.concat([length, typed, crc]);
}
