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
});
