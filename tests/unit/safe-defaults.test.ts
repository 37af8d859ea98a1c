// Safe defaults: development listens on 127.0.0.1 and says loudly that dev sign-in and test payments are on;
// production listens everywhere but refuses secrets that only look long.
import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, secretWeakness } from "../../src/config";

const STRONG_SECRET = "k3J9x!Qz7Lm2Vb8Rt5Yw1Np4Hs6Dc0Fg";

describe("listening address", () => {
  test("development and test listen on 127.0.0.1, production on 0.0.0.0, HOST decides when set", () => {
    expect(loadConfig({}).host).toBe("127.0.0.1");
    expect(loadConfig({ NODE_ENV: "test" }).host).toBe("127.0.0.1");
    expect(loadConfig({ NODE_ENV: "production", SECRET_KEY: STRONG_SECRET }).host).toBe("0.0.0.0");
    expect(loadConfig({ HOST: "0.0.0.0" }).host).toBe("0.0.0.0");
  });

  test("`bun src/index.ts` with no NODE_ENV listens on 127.0.0.1 only and prints the dev banner", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "gallery-boot-"));
    const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir, PORT: "0", SEED_ON_START: "0", HOST: undefined };
    delete env.NODE_ENV;
    delete env.HOST;
    const child = Bun.spawn(["bun", "src/index.ts"], { env, stdout: "pipe", stderr: "pipe" });
    try {
      const reader = child.stdout.getReader();
      let out = "";
      const deadline = Date.now() + 15_000;
      while (!/DEVELOPMENT MODE[^\n]*\n[^\n]*\n/.test(out) && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        out += new TextDecoder().decode(value);
      }
      reader.releaseLock();
      const port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
      expect(port).toBeGreaterThan(0);
      expect(out).toContain("development sign-in (anyone, any email) and test payments (no money moves) ON");
      expect(out).toContain("Listening on 127.0.0.1: this machine only");
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
      // Nothing answers on the machine's other addresses.
      const others = Object.values((await import("node:os")).networkInterfaces()).flat().filter((a) => a && a.family === "IPv4" && !a.internal);
      for (const address of others) {
        const reached = await fetch(`http://${address!.address}:${port}/health`, { signal: AbortSignal.timeout(1000) }).then(() => true, () => false);
        expect({ address: address!.address, reached }).toEqual({ address: address!.address, reached: false });
      }
    } finally {
      child.kill();
      await child.exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("production secrets", () => {
  test.each([
    ["your-secret-key-here-change-me-please-0000", "placeholder"],
    ["YOUR-SECRET-KEY-HERE-8f3kLq9zP2xW7vB4nM6t", "placeholder"],
    ["abcdefghijklmnopqrstuvwxyz0123456789ABCD", "sequential"],
    ["9876543210zyxwvutsrqponmlkjihgfedcbaZYXW", "sequential"],
    ["12345678901234567890123456789012", "sequential"],
    ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "repeated"],
    ["Kq7!Kq7!Kq7!Kq7!Kq7!Kq7!Kq7!Kq7!Kq7!Kq7!", "repeated"],
    ["xK2mxxxxxxxxxxxxxxxxxxP9qzR4tLw8vN3bT6yH", "repeated"],
    ["abababababababababababababababababababab", "repeated"],
    ["s3cr3tK3y!s3cr3tK3y!s3cr3tK3y!s3cr3tK3y!", "repeated"],
    ["1011001110001011010011100101100011101001", "randomness"],
  ])("refuses %p (%s)", (secret) => {
    expect(() => loadConfig({ NODE_ENV: "production", SECRET_KEY: secret })).toThrow("SECRET_KEY is too weak");
  });

  // Keys the earlier rule refused: a chance run of 6 (2345678, fedcba, cccccc) or a short repeat (1d1d1d1d).
  test.each([
    "2345678f190e42f2da4e99f03e47c27a",
    "5df406ece6ca82adc91efedcbaaf6068",
    "534d083dfb4679d9c358e9849b1f1d1d1d1d97065bdf92e8d5ca42118f653721",
    "075212c09a32469b6cd5a34ccccccee573be7b476e4b583f4c8e26857929df6f",
    "d1a3b07017037270170c31317d29d18f",
  ])("accepts the random key %p", (secret) => {
    expect(secretWeakness(secret)).toBeNull();
  });

  // The same 20,000 keys every run (bytes from a SHA-256 chain), in each format `openssl rand` prints:
  // a rule that refuses any share of random keys fails here every time, not now and then in CI.
  test("accepts 20,000 random keys in each of hex (64 and 32), base64 (44) and base64url (43): none refused", () => {
    const formats = {
      "hex 64": (bytes: Buffer) => bytes.toString("hex"),
      "hex 32": (bytes: Buffer) => bytes.subarray(0, 16).toString("hex"),
      "base64 44": (bytes: Buffer) => bytes.toString("base64"),
      "base64url 43": (bytes: Buffer) => bytes.toString("base64url"),
    };
    const refused: string[] = [];
    let checked = 0;
    for (let i = 0; i < 20_000; i++) {
      const bytes = createHash("sha256").update(`openssl rand ${i}`).digest();
      for (const [format, encode] of Object.entries(formats)) {
        const secret = encode(bytes);
        const weakness = secretWeakness(secret);
        if (weakness) refused.push(`${format} ${secret}: ${weakness}`);
        checked++;
      }
    }
    expect(checked).toBe(80_000);
    expect(refused).toEqual([]);
    // The real entry point agrees on a sample of them.
    for (let i = 0; i < 200; i++) {
      const secret = createHash("sha256").update(`openssl rand ${i}`).digest("base64");
      expect(loadConfig({ NODE_ENV: "production", SECRET_KEY: secret }).secretKey).toBe(secret);
    }
  });
});
