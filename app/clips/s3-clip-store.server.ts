// The clip store in production: S3-compatible object storage (AWS S3,
// Cloudflare R2, MinIO, ...), shared by every web and worker machine.
import fs from "node:fs";
import type { Readable } from "node:stream";
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import type { ClipStore } from "./clip-store.server";

export interface S3ClipStoreOptions {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style addressing (bucket in the path): what MinIO and most self-hosted servers need. */
  forcePathStyle: boolean;
}

function isMissing(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.$metadata.httpStatusCode === 404 || error.name === "NoSuchKey" || error.name === "NotFound")
  );
}

/** DeleteObjects takes at most 1,000 keys a call. */
const DELETE_BATCH = 1_000;

export function s3ClipStore(options: S3ClipStoreOptions, client?: S3Client): ClipStore {
  const s3 =
    client ??
    new S3Client({
      endpoint: options.endpoint,
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      // The SDK's default streams uploads with trailing checksums (aws-chunked),
      // which many S3-compatible servers store as part of the object.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  const Bucket = options.bucket;

  const removeKeys = async (keys: readonly string[]) => {
    for (let i = 0; i < keys.length; i += DELETE_BATCH) {
      const batch = keys.slice(i, i + DELETE_BATCH);
      if (batch.length === 0) continue;
      await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }));
    }
  };

  return {
    async putFile(key, filePath, contentType) {
      const { size } = await fs.promises.stat(filePath);
      await s3.send(
        new PutObjectCommand({ Bucket, Key: key, Body: fs.createReadStream(filePath), ContentLength: size, ContentType: contentType }),
      );
      return size;
    },
    async get(key, range) {
      try {
        const answer = await s3.send(
          new GetObjectCommand({ Bucket, Key: key, Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
        );
        const total = answer.ContentRange ? Number(answer.ContentRange.split("/")[1]) : Number(answer.ContentLength);
        return {
          body: answer.Body as Readable,
          size: total,
          contentType: answer.ContentType ?? "application/octet-stream",
        };
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    async size(key) {
      try {
        const head = await s3.send(new HeadObjectCommand({ Bucket, Key: key }));
        return head.ContentLength ?? null;
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    remove: removeKeys,
    async removePrefix(prefix) {
      let token: string | undefined;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken: token }));
        await removeKeys((page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
  };
}
