// A real S3 API for tests: s3rver on 127.0.0.1 (a free port, a temp dir, one bucket) in a child process, and
// the settings that point the app's IMAGE_STORE or a store of its own at it; the network guard is on meanwhile. s3rver checks that the access key
// exists but not V4 signatures, so a wrong secret goes unnoticed; a wrong key id is refused as S3 would.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { S3StoreConfig } from "../../src/storage";
import { waitFor } from "./generation";
import { expectNoExternalRequests, installNetworkGuard } from "./network-guard";
import { spawnProcess } from "./processes";

export const S3_BUCKET = "gallery-test";
/** s3rver's built-in account. */
const ACCESS_KEY = "S3RVER";

export interface TestS3Server {
  endpoint: string;
  /** Where s3rver keeps the objects. */
  directory: string;
  /** Environment for the app: IMAGE_STORE=s3://bucket/prefix and the S3_* settings. */
  env(prefix: string, extra?: Record<string, string>): Record<string, string>;
  storeConfig(prefix: string, overrides?: Partial<S3StoreConfig>): S3StoreConfig;
  stop(): Promise<void>;
}

export async function startS3Server(): Promise<TestS3Server> {
  const guard = installNetworkGuard();
  const directory = mkdtempSync(join(tmpdir(), "gallery-s3-"));
  const child = spawnProcess([process.execPath, join(import.meta.dir, "s3rver-child.ts"), directory, S3_BUCKET], {});
  const port = await waitFor("s3rver to listen", () => {
    if (child.proc.exitCode !== null) throw new Error(`s3rver exited with ${child.proc.exitCode}:\n${child.output()}`);
    const line = /\{"port":(\d+)\}/.exec(child.output());
    return line ? Number(line[1]) : null;
  });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    directory,
    env: (prefix, extra = {}) => ({
      IMAGE_STORE: `s3://${S3_BUCKET}/${prefix}`,
      S3_ENDPOINT: endpoint,
      S3_REGION: "us-east-1",
      S3_ACCESS_KEY_ID: ACCESS_KEY,
      S3_SECRET_ACCESS_KEY: ACCESS_KEY,
      ...extra,
    }),
    storeConfig: (prefix, overrides = {}) => ({
      kind: "s3",
      bucket: S3_BUCKET,
      prefix: prefix ? `${prefix.replace(/\/+$/, "")}/` : "",
      endpoint,
      region: "us-east-1",
      accessKeyId: ACCESS_KEY,
      secretAccessKey: ACCESS_KEY,
      publicImages: "stream",
      timeoutMs: 10_000,
      ...overrides,
    }),
    async stop() {
      await child.kill();
      rmSync(directory, { recursive: true, force: true });
      guard.uninstall();
      expectNoExternalRequests();
    },
  };
}
