// The image store in an S3 bucket through Bun's built-in S3Client: keys are object names under the prefix.
//
// Writes hand S3Client the bytes already in memory, which it sends as one PutObject: no multipart upload, so
// neither the multipart hang of oven-sh/bun#39838 nor the upload buffering of #42722 applies, and a reader
// sees the old object or the new one (S3 replaces objects whole). Reads stream the object as it is consumed.
// Every request has a deadline: an endpoint that never answers is a StoreUnavailableError, never a hang.
import { S3Client } from "bun";
import { assertStorageKey, imageUrlPath, isStorageKey } from "./keys";
import { PRESIGNED_URL_SECONDS, StoredObjectNotFoundError, StoreUnavailableError, type ImageStore, type S3StoreConfig } from "./store";

const LIST_PAGE = 1000;

interface S3ErrorLike {
  name?: string;
  code?: string;
  message?: string;
}

function codeOf(error: unknown): string | undefined {
  return (error as S3ErrorLike | null)?.code;
}

function isMissingObject(error: unknown): boolean {
  const code = codeOf(error);
  return code === "NoSuchKey" || code === "NotFound";
}

/** Why a request failed, in words an operator can act on. */
function reasonOf(error: unknown, endpoint: string): string {
  const code = codeOf(error) ?? (error as S3ErrorLike | null)?.name ?? "Error";
  const message = (error as S3ErrorLike | null)?.message ?? String(error);
  switch (code) {
    case "InvalidAccessKeyId":
    case "SignatureDoesNotMatch":
    case "AccessDenied":
      return `the store refused the credentials (${code}: ${message}); check S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY`;
    case "NoSuchBucket":
      return `the bucket does not exist (${code})`;
    case "ConnectionRefused":
    case "ConnectionClosed":
    case "ECONNREFUSED":
    case "ECONNRESET":
    case "FailedToOpenSocket":
      return `cannot connect to ${endpoint} (${code}); check S3_ENDPOINT`;
    default:
      return `${code}: ${message}`;
  }
}

export function createS3Store(config: S3StoreConfig): ImageStore {
  const client = new S3Client({
    bucket: config.bucket,
    endpoint: config.endpoint,
    region: config.region,
    accessKeyId: config.accessKeyId,
    secretAccessKey: config.secretAccessKey,
  });
  const endpoint = config.endpoint ?? `AWS S3 (${config.region ?? "us-east-1"})`;
  const description = `s3://${config.bucket}/${config.prefix} at ${endpoint}`;

  function objectName(key: string): string {
    return config.prefix + assertStorageKey(key);
  }

  function unavailable(what: string, error: unknown): StoreUnavailableError {
    return new StoreUnavailableError(`Image store ${description}: ${what} failed: ${reasonOf(error, endpoint)}`, { cause: error });
  }

  /** `request` within the deadline, its failures as StoreUnavailableError (a missing object passes through as is). */
  async function withinDeadline<T>(what: string, request: () => Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new StoreUnavailableError(`Image store ${description}: ${what} got no answer within ${config.timeoutMs} ms`)),
        config.timeoutMs,
      );
    });
    try {
      return await Promise.race([request(), deadline]);
    } catch (error) {
      if (error instanceof StoreUnavailableError || isMissingObject(error)) throw error;
      throw unavailable(what, error);
    } finally {
      clearTimeout(timer);
    }
  }

  function notFound(key: string) {
    return new StoredObjectNotFoundError(`No stored object ${key}`);
  }

  const store: ImageStore = {
    description,
    redirectOrigin: config.publicImages === "redirect" ? new URL(client.presign(config.prefix || "probe")).origin : null,

    async write(key, bytes) {
      const name = objectName(key);
      await withinDeadline(`writing ${key}`, () => client.write(name, bytes, { type: "image/webp" }));
    },

    async stat(key) {
      const name = objectName(key);
      try {
        const stats = await withinDeadline(`reading the size of ${key}`, () => client.stat(name));
        return { size: stats.size, lastModified: stats.lastModified };
      } catch (error) {
        if (isMissingObject(error)) return null;
        throw error;
      }
    },

    async read(key) {
      const name = objectName(key);
      try {
        return await withinDeadline(`reading ${key}`, () => client.file(name).bytes());
      } catch (error) {
        throw isMissingObject(error) ? notFound(key) : error;
      }
    },

    readStream(key) {
      const name = objectName(key);
      let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
      // Pulled one chunk at a time, so a slow reader (a ZIP download) holds back the S3 read instead of buffering it.
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          try {
            reader ??= client.file(name).stream().getReader();
            const { done, value } = await withinDeadline(`reading ${key}`, () => reader!.read());
            if (done) controller.close();
            else controller.enqueue(value);
          } catch (error) {
            void reader?.cancel().catch(() => undefined);
            controller.error(isMissingObject(error) ? notFound(key) : error);
          }
        },
        cancel(reason) {
          return reader?.cancel(reason);
        },
      });
    },

    responseBody(key) {
      return store.readStream(key);
    },

    async delete(key) {
      const name = objectName(key);
      try {
        await withinDeadline(`deleting ${key}`, () => client.delete(name));
      } catch (error) {
        if (!isMissingObject(error)) throw error;
      }
    },

    async *list() {
      let startAfter: string | undefined;
      for (;;) {
        const page = await withinDeadline("listing objects", () =>
          client.list({ prefix: config.prefix, maxKeys: LIST_PAGE, ...(startAfter ? { startAfter } : {}) }),
        );
        const contents = page.contents ?? [];
        for (const object of contents) {
          const key = object.key.slice(config.prefix.length);
          if (isStorageKey(key)) yield { key, size: object.size ?? 0 };
        }
        if (!page.isTruncated || contents.length === 0) return;
        startAfter = contents[contents.length - 1]!.key;
      }
    },

    publicUrl(key) {
      return imageUrlPath(key);
    },

    publicRedirect(key) {
      const name = objectName(key);
      return config.publicImages === "redirect" ? client.presign(name, { expiresIn: PRESIGNED_URL_SECONDS, method: "GET" }) : null;
    },

    async check() {
      // Listing proves the endpoint answers, the bucket exists and the credentials are accepted; a HEAD of a
      // missing object would say only "403" when they are not.
      await withinDeadline("listing the bucket", () => client.list({ prefix: config.prefix, maxKeys: 1 }));
    },
  };
  return store;
}
