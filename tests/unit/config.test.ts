// Config parsing: defaults, clear errors naming the variable, and production refusing unsafe settings.
import { describe, expect, test } from "bun:test";
import { ConfigError, isProviderConfigured, loadConfig } from "../../src/config";

const STRONG_SECRET = "k3J9x!Qz7Lm2Vb8Rt5Yw1Np4Hs6Dc0Fg";

describe("loadConfig", () => {
  test("development defaults: port 8000, ./data, local provider on, a dev secret", () => {
    const config = loadConfig({});
    expect(config.port).toBe(8000);
    expect(config.dataDir).toEndWith("/data");
    expect(config.dbPath).toEndWith("/data/gallery.db");
    expect(isProviderConfigured(config, "local")).toBe(true);
    expect(config.isProduction).toBe(false);
    expect(config.baseUrl).toBe("http://localhost:8000");
  });

  test.each([
    [{ PORT: "eighty" }, "PORT must be a whole number"],
    [{ PORT: "70000" }, "PORT must be between 0 and 65535"],
    [{ NODE_ENV: "staging" }, "NODE_ENV must be development, production or test"],
    [{ BASE_URL: "not a url" }, "BASE_URL must be an http(s) URL"],
    [{ OPENAI_BASE_URL: "ftp://x" }, "OPENAI_BASE_URL must be an http(s) URL"],
    [{ SEED_ON_START: "maybe" }, "SEED_ON_START must be 1/0"],
  ])("%p → error naming the variable", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  test.each([
    [{}, "SECRET_KEY is required in production"],
    [{ SECRET_KEY: "short" }, "SECRET_KEY is too weak"],
    [{ SECRET_KEY: "a".repeat(40) }, "SECRET_KEY is too weak"],
    [{ SECRET_KEY: "dev-only-secret-key-not-for-production-use" }, "SECRET_KEY is too weak"],
  ])("production refuses a missing or weak SECRET_KEY: %p", (env, message) => {
    expect(() => loadConfig({ NODE_ENV: "production", ...env })).toThrow(message);
  });

  test("ROLE: all by default; web and worker; a worker in production needs no SECRET_KEY, a web process does", () => {
    expect(loadConfig({}).role).toBe("all");
    expect(loadConfig({ ROLE: "web" }).role).toBe("web");
    expect(loadConfig({ ROLE: "Worker" }).role).toBe("worker");
    expect(loadConfig({}).workerHealthPort).toBe(8001);
    expect(() => loadConfig({ ROLE: "both" })).toThrow('ROLE must be all, web or worker, got "both"');
    expect(loadConfig({ NODE_ENV: "production", ROLE: "worker", WORKER_HEALTH_PORT: "9101" }).workerHealthPort).toBe(9101);
    expect(() => loadConfig({ NODE_ENV: "production", ROLE: "web" })).toThrow("SECRET_KEY is required in production");
  });

  test("LICENSE_SPDX: CC0-1.0 by default, any SPDX id, the earlier LIBRARY_LICENSE still read, anything else refused", () => {
    expect(loadConfig({}).licenseSpdx).toBe("CC0-1.0");
    expect(loadConfig({ LICENSE_SPDX: "CC-BY-4.0" }).licenseSpdx).toBe("CC-BY-4.0");
    expect(loadConfig({ LIBRARY_LICENSE: "CC-BY-SA-4.0" }).licenseSpdx).toBe("CC-BY-SA-4.0");
    expect(loadConfig({ LICENSE_SPDX: "LicenseRef-Gallery", LIBRARY_LICENSE: "CC0-1.0" }).licenseSpdx).toBe("LicenseRef-Gallery");
    expect(() => loadConfig({ LICENSE_SPDX: 'CC0"><x' })).toThrow('LICENSE_SPDX must be an SPDX licence id such as CC0-1.0 or CC-BY-4.0, got "CC0"><x"');
  });

  test("production with a strong secret: local provider off unless LOCAL_PROVIDER=1", () => {
    expect(isProviderConfigured(loadConfig({ NODE_ENV: "production", SECRET_KEY: STRONG_SECRET }), "local")).toBe(false);
    expect(isProviderConfigured(loadConfig({ NODE_ENV: "production", SECRET_KEY: STRONG_SECRET, LOCAL_PROVIDER: "1" }), "local")).toBe(true);
  });

  test("the process refuses to start on a bad variable, naming it", async () => {
    const child = Bun.spawn(["bun", "src/index.ts"], {
      env: { ...process.env, NODE_ENV: "production", SECRET_KEY: "weak", PORT: "0" },
      stderr: "pipe",
      stdout: "pipe",
    });
    const code = await child.exited;
    expect(code).toBe(1);
    expect(await new Response(child.stderr).text()).toContain("SECRET_KEY is too weak");
  });

  describe("IMAGE_STORE", () => {
    const S3 = { S3_ENDPOINT: "http://127.0.0.1:9000", S3_ACCESS_KEY_ID: "key", S3_SECRET_ACCESS_KEY: "secret" };

    test("unset: images in DATA_DIR, as always", () => {
      expect(loadConfig({ DATA_DIR: "/srv/gallery" }).storage).toEqual({ kind: "disk", root: "/srv/gallery" });
    });

    test("s3://bucket/prefix with the S3_* settings: that bucket, the prefix ending in one slash, streaming by default", () => {
      expect(loadConfig({ IMAGE_STORE: "s3://my-gallery/prod/images/", S3_REGION: "eu-west-1", ...S3 }).storage).toEqual({
        kind: "s3",
        bucket: "my-gallery",
        prefix: "prod/images/",
        endpoint: "http://127.0.0.1:9000",
        region: "eu-west-1",
        accessKeyId: "key",
        secretAccessKey: "secret",
        publicImages: "stream",
        timeoutMs: 30_000,
      });
      expect(loadConfig({ IMAGE_STORE: "s3://my-gallery", ...S3, S3_PUBLIC_IMAGES: "redirect" }).storage).toMatchObject({ prefix: "", publicImages: "redirect" });
    });

    test.each([
      ["/srv/images", "only s3:// stores are supported"],
      ["https://my-gallery.s3.amazonaws.com/x", "only s3:// stores are supported"],
      ["s3://", "is not an S3 bucket name"],
      ["s3:///prefix", "is not an S3 bucket name"],
      ["s3://My_Bucket/x", "is not an S3 bucket name"],
      ["s3://bucket/../escape", "no '.' or '..' parts"],
      ["s3://bucket/with space", "the prefix may hold letters"],
    ])("a malformed IMAGE_STORE %p is refused, saying what it must look like", (value, why) => {
      expect(() => loadConfig({ IMAGE_STORE: value, ...S3 })).toThrow(ConfigError);
      expect(() => loadConfig({ IMAGE_STORE: value, ...S3 })).toThrow(`IMAGE_STORE must be unset (images in DATA_DIR) or s3://bucket/prefix, got "${value}": `);
      expect(() => loadConfig({ IMAGE_STORE: value, ...S3 })).toThrow(why);
    });

    test.each([
      [{ S3_ACCESS_KEY_ID: "" }, "S3_ACCESS_KEY_ID is required when IMAGE_STORE is an s3:// store"],
      [{ S3_SECRET_ACCESS_KEY: "" }, "S3_SECRET_ACCESS_KEY is required when IMAGE_STORE is an s3:// store"],
      [{ S3_ENDPOINT: "minio:9000" }, "S3_ENDPOINT must be an http(s) URL"],
      [{ S3_PUBLIC_IMAGES: "proxy" }, "S3_PUBLIC_IMAGES must be redirect or stream"],
      [{ S3_TIMEOUT_MS: "0" }, "S3_TIMEOUT_MS must be between"],
    ])("an s3:// store with %p is refused, naming the variable", (override, message) => {
      expect(() => loadConfig({ IMAGE_STORE: "s3://bucket/prefix", ...S3, ...override })).toThrow(message);
    });
  });
});
