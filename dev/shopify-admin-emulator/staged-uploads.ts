// Staged uploads as Shopify hands them out for VIDEO: a POST target on
// (emulated) Google Cloud Storage with signed form parameters, and a
// resourceUrl that productCreateMedia later takes as originalSource. The
// storage side behaves like GCS: the policy fixes the exact size, a file of
// another size is refused with an XML error, and the file must be the last
// form field. Files go to a temporary directory, streamed, never buffered.
import crypto from "node:crypto";
import fs from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { once } from "node:events";
import { boundaryOf, MultipartError, readMultipart } from "./multipart";

export const STAGED_UPLOADS_PATH = "/staged-uploads/";
const GOOGLE_ACCESS_ID = "video-production@catalog-motion-emulator.iam.gserviceaccount.com";
const MAX_FIELD_BYTES = 64 * 1024;
/** Enough to see an MP4's ftyp box (bytes 4-8). */
const HEAD_BYTES = 16;
/** Room for the form fields and part headers around the file. */
const FORM_OVERHEAD_BYTES = 1024 * 1024;

export interface StagedUpload {
  id: number;
  shop: string;
  filename: string;
  mimeType: string;
  fileSize: number;
  url: string;
  resourceUrl: string;
  parameters: { name: string; value: string }[];
  /** Set once a file of exactly fileSize arrived. */
  stored: { path: string; size: number; head: Buffer } | null;
}

export interface StagedUploadRequest {
  filename: string;
  mimeType: string;
  fileSize: number;
}

export class StagedUploads {
  private readonly uploads = new Map<number, StagedUpload>();
  private readonly byResource = new Map<string, StagedUpload>();
  private readonly secret = crypto.randomBytes(32);
  private lastId = 0;

  constructor(
    private readonly directory: string,
    readonly maxBytes: number,
  ) {}

  create(shop: string, request: StagedUploadRequest, baseUrl: string): StagedUpload {
    this.lastId += 1;
    const id = this.lastId;
    const key = `c/o/v/${crypto.randomBytes(16).toString("hex")}/${request.filename}`;
    const policy = Buffer.from(
      JSON.stringify({
        expiration: new Date(Date.now() + 3_600_000).toISOString(),
        conditions: [
          { bucket: "shopify-video-production-core-originals" },
          { key },
          ["content-length-range", request.fileSize, request.fileSize],
        ],
      }),
    ).toString("base64");
    const signature = crypto.createHmac("sha256", this.secret).update(policy).digest("base64");
    const url = `${baseUrl}${STAGED_UPLOADS_PATH}${id}`;
    const upload: StagedUpload = {
      id,
      shop,
      ...request,
      url,
      resourceUrl: `${url}?external_video_id=${id}`,
      parameters: [
        { name: "GoogleAccessId", value: GOOGLE_ACCESS_ID },
        { name: "key", value: key },
        { name: "policy", value: policy },
        { name: "signature", value: signature },
      ],
      stored: null,
    };
    this.uploads.set(id, upload);
    this.byResource.set(upload.resourceUrl, upload);
    return upload;
  }

  byResourceUrl(resourceUrl: string): StagedUpload | undefined {
    return this.byResource.get(resourceUrl);
  }

  byId(id: number): StagedUpload | undefined {
    return this.uploads.get(id);
  }

  /** POST /staged-uploads/<id>: the form upload to the emulated storage. */
  async receive(request: IncomingMessage, response: ServerResponse, id: number): Promise<"stored" | "rejected"> {
    const upload = this.uploads.get(id);
    if (!upload) return gcsError(response, 404, "NoSuchKey", "The specified key does not exist.", request);
    if (request.method !== "POST")
      return gcsError(response, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.", request);
    const boundary = boundaryOf(request.headers["content-type"]);
    if (!boundary)
      return gcsError(
        response,
        400,
        "InvalidArgument",
        "Invalid argument.",
        request,
        "POST object expects Content-Type multipart/form-data",
      );

    const fields = new Map<string, string>();
    const target = path.join(this.directory, `${id}.upload`);
    // Written aside and renamed once complete, so a failed retry never spoils a stored file.
    const partial = `${target}.${crypto.randomUUID()}.part`;
    let field: { name: string; chunks: Buffer[]; size: number } | null = null;
    let file: { stream: fs.WriteStream | null; size: number; head: Buffer[]; headSize: number } | null = null;
    let fileDone = false;
    let refusal: (() => "rejected") | null = null;
    try {
      for await (const event of readMultipart(capped(request, this.maxBytes + FORM_OVERHEAD_BYTES), boundary)) {
        if (event.type === "part") {
          if (fileDone) continue; // GCS ignores fields after the file
          if (event.headers.name === "file") {
            refusal = this.checkForm(upload, fields, response, request);
            file = { stream: refusal ? null : fs.createWriteStream(partial), size: 0, head: [], headSize: 0 };
          } else {
            field = { name: event.headers.name, chunks: [], size: 0 };
          }
        } else if (event.type === "data") {
          if (file && !fileDone) {
            file.size += event.chunk.length;
            if (file.headSize < HEAD_BYTES) {
              const head = Buffer.from(event.chunk.subarray(0, HEAD_BYTES - file.headSize));
              file.head.push(head);
              file.headSize += head.length;
            }
            // Past the declared size the upload is refused: stop writing, keep reading.
            if (file.stream && file.size > upload.fileSize) file.stream = await closeAndDiscard(file.stream, partial);
            if (file.stream && !file.stream.write(event.chunk)) await once(file.stream, "drain");
          } else if (field) {
            field.size += event.chunk.length;
            if (field.size > MAX_FIELD_BYTES) throw new MultipartError(`form field ${field.name} is too large`);
            field.chunks.push(Buffer.from(event.chunk));
          }
        } else if (file && !fileDone) {
          fileDone = true;
        } else if (field) {
          fields.set(field.name, Buffer.concat(field.chunks).toString("utf8"));
          field = null;
        }
      }
    } catch (error) {
      if (file?.stream) await closeAndDiscard(file.stream, partial);
      if (error instanceof UploadTooLargeError) return entityTooLarge(response, request);
      if (error instanceof MultipartError) return gcsError(response, 400, "InvalidArgument", "Invalid argument.", request, error.message);
      throw error;
    }

    if (!file) return gcsError(response, 400, "InvalidArgument", "Invalid argument.", request, "Missing file form field");
    if (refusal) return refusal();
    if (file.size > upload.fileSize) return entityTooLarge(response, request);
    if (file.size < upload.fileSize) {
      if (file.stream) await closeAndDiscard(file.stream, partial);
      return gcsError(
        response,
        400,
        "EntityTooSmall",
        "Your proposed upload is smaller than the minimum object size specified in your Policy Document.",
        request,
        "Content-length smaller than lower bound on range",
      );
    }
    const stream = file.stream;
    if (stream) await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
    await fs.promises.rename(partial, target);
    upload.stored = { path: target, size: file.size, head: Buffer.concat(file.head) };
    response.writeHead(204).end();
    return "stored";
  }

  /** The signed fields must come back unchanged before the file, as GCS checks them. */
  private checkForm(
    upload: StagedUpload,
    fields: Map<string, string>,
    response: ServerResponse,
    request: IncomingMessage,
  ): (() => "rejected") | null {
    const tampered = upload.parameters.some((p) => fields.get(p.name) !== p.value);
    if (!tampered) return null;
    return () =>
      gcsError(
        response,
        403,
        "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided. Check your Google secret key and signing method.",
        request,
      );
  }
}

class UploadTooLargeError extends Error {}

async function* capped(request: IncomingMessage, limit: number): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    total += buffer.length;
    if (total > limit) throw new UploadTooLargeError("upload too large for the emulator");
    yield buffer;
  }
}

async function closeAndDiscard(stream: fs.WriteStream, file: string): Promise<null> {
  await new Promise<void>((resolve) => stream.end(() => resolve()));
  await fs.promises.rm(file, { force: true });
  return null;
}

function entityTooLarge(response: ServerResponse, request: IncomingMessage): "rejected" {
  return gcsError(
    response,
    400,
    "EntityTooLarge",
    "Your proposed upload is larger than the maximum object size specified in your Policy Document.",
    request,
    "Content-length exceeds upper bound on range",
  );
}

/** Google Cloud Storage's XML error document. */
function gcsError(
  response: ServerResponse,
  status: number,
  code: string,
  message: string,
  request: IncomingMessage,
  details?: string,
): "rejected" {
  const body =
    `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message>` +
    (details ? `<Details>${details.replace(/[<>&]/g, "")}</Details>` : "") +
    `</Error>`;
  response.writeHead(status, {
    "content-type": "application/xml; charset=UTF-8",
    "content-length": String(Buffer.byteLength(body)),
    connection: "close",
  });
  response.end(body);
  // Whatever the client still sends is read and dropped, so it sees this answer rather than a reset.
  request.resume();
  return "rejected";
}
