// Product photos and video previews, served by the emulator itself so an
// image URL from the Admin API can be fetched (the provider simulator or a
// browser loads it). Each is a small studio-style PNG: a product (a ball, a
// box, a bottle or a mug, with a label band) on a light backdrop, its shape,
// colour and backdrop drawn from the id. A flat colour would not do: the
// simulator animates the photo and the app's fidelity check compares frames
// with it, and neither motion nor likeness shows on a picture without detail.
import type { ServerResponse } from "node:http";
import zlib from "node:zlib";

export const PRODUCT_IMAGES_PATH = "/product-images/";
export const MEDIA_PREVIEWS_PATH = "/media-previews/";

const SIZE = 256;
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
const BACKDROPS: [number, number, number][] = [
  [238, 234, 226],
  [222, 228, 236],
  [236, 226, 230],
];
const SHAPES = ["ball", "box", "bottle", "mug"] as const;
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
  const png = productPhotoPng(Number(match[1]));
  response.writeHead(200, { "content-type": "image/png", "content-length": String(png.length), "cache-control": "public, max-age=86400" });
  response.end(png);
}

/** The picture for an id: as many distinct products as colours x shapes x backdrops. */
export function productPhotoPng(mediaId: number): Buffer {
  const look = Math.abs(Math.trunc(mediaId)) % (PALETTE.length * SHAPES.length * BACKDROPS.length);
  const cached = cache.get(look);
  if (cached) return cached;
  const colour = PALETTE[look % PALETTE.length];
  const shape = SHAPES[Math.floor(look / PALETTE.length) % SHAPES.length];
  const backdrop = BACKDROPS[Math.floor(look / (PALETTE.length * SHAPES.length))];
  const label: [number, number, number] = colour[0] + colour[1] + colour[2] > 420 ? [40, 44, 52] : [246, 244, 238];
  const pixels = Buffer.alloc(SIZE * (1 + SIZE * 3));
  for (let y = 0; y < SIZE; y++) {
    const row = y * (1 + SIZE * 3);
    for (let x = 0; x < SIZE; x++) {
      // A soft floor shadow and a vertical light fall-off, so the backdrop is not flat either.
      const shade = 1 - 0.12 * (y / SIZE) - (inEllipse(x, y, 128, 214, 80, 14) ? 0.18 : 0);
      let rgb: [number, number, number] = [backdrop[0] * shade, backdrop[1] * shade, backdrop[2] * shade];
      const part = productPart(shape, x, y);
      if (part === "body") rgb = lit(colour, x);
      if (part === "label") rgb = label;
      pixels.set(rgb.map(Math.round), row + 1 + x * 3);
    }
  }
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
  cache.set(look, png);
  return png;
}

/** Which part of the product, if any, a pixel of the 256 x 256 picture shows. */
function productPart(shape: (typeof SHAPES)[number], x: number, y: number): "body" | "label" | null {
  const band = y > 120 && y < 148;
  switch (shape) {
    case "ball":
      return inEllipse(x, y, 128, 134, 78, 78) ? (band ? "label" : "body") : null;
    case "box":
      return x > 60 && x < 196 && y > 62 && y < 210 ? (band ? "label" : "body") : null;
    case "bottle":
      if (x > 112 && x < 144 && y > 30 && y < 80) return "body";
      return inEllipse(x, y, 128, 150, 52, 64) || (x > 76 && x < 180 && y > 100 && y < 206) ? (band ? "label" : "body") : null;
    case "mug":
      if (inEllipse(x, y, 190, 136, 34, 40) && !inEllipse(x, y, 190, 136, 18, 24)) return "body";
      return x > 64 && x < 178 && y > 70 && y < 206 ? (band ? "label" : "body") : null;
  }
}

function inEllipse(x: number, y: number, cx: number, cy: number, rx: number, ry: number): boolean {
  return ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;
}

/** Light from the left: the body is brighter on one side, as in a studio shot. */
function lit([r, g, b]: [number, number, number], x: number): [number, number, number] {
  const light = 1.15 - 0.3 * (x / SIZE);
  return [Math.min(255, r * light), Math.min(255, g * light), Math.min(255, b * light)];
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(typed) >>> 0);
  return Buffer.concat([length, typed, crc]);
}
