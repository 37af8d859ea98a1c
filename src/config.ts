// Environment parsed and validated once at start into a typed Config; unsafe production settings stop the process.
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { loadModelCatalogue, type ModelCatalogue } from "./generation/models/catalogue";
import { configureProviders, providerPrefixes } from "./generation/providers/registry";
import type { S3StoreConfig, StoreConfig } from "./storage/store";

export class ConfigError extends Error {
  override name = "ConfigError";
}

export type Environment = "development" | "production" | "test";
/** all: HTTP and the worker pool; web: HTTP only; worker: the worker pool and a /health port only. */
export type Role = "all" | "web" | "worker";

export interface Config {
  env: Environment;
  isProduction: boolean;
  port: number;
  /** The address to listen on: 127.0.0.1 outside production unless HOST says otherwise. */
  host: string;
  /** Server processes sharing the port (reusePort); only the first runs the worker pool. */
  webConcurrency: number;
  role: Role;
  /** ROLE=worker answers /health on this port (WORKER_HEALTH_PORT) and serves nothing else. */
  workerHealthPort: number;
  baseUrl: string;
  /**
   * LICENSE_SPDX (an SPDX id, CC0-1.0 by default): the licence every image file's XMP names and the library
   * ZIP is sold under. LIBRARY_LICENSE, its earlier name, is still read.
   */
  licenseSpdx: string;
  /** BASE_URL's origin when BASE_URL is set: then the only Origin a state-changing request may carry. */
  publicOrigin?: string;
  /** Peer addresses (TRUSTED_PROXY) whose X-Forwarded-For is believed for the client's address. */
  trustedProxies: string[];
  /** Accounts made admins at sign-in (lower-cased emails). */
  adminEmails: string[];
  http: {
    /** A request body must arrive within this time. */
    bodyTimeoutMs: number;
  };
  dataDir: string;
  /** DATABASE_URL: SQLite (unset: DATA_DIR/gallery.db; `file:path`) or PostgreSQL (`postgres://…`). */
  database: DatabaseChoice;
  /** The SQLite file: DATA_DIR/gallery.db, or the path DATABASE_URL=file:… names. */
  dbPath: string;
  /** Where images and uploads are stored (IMAGE_STORE; src/storage/); plain data so a Worker can build its own store. */
  storage: StoreConfig;
  secretKey: string;
  /** Render the default catalogue at start when the gallery is empty. */
  seedOnStart: boolean;
  /** Keep rendered public pages and API answers in memory until the gallery changes. */
  responseCache: boolean;
  /** Each registered provider's settings, read by its record; null when it is not configured. */
  providers: Record<string, object | null>;
  /** The model catalogue: default-models.json merged with MODELS_FILE. */
  models: ModelCatalogue;
  generation: {
    /** Provider calls at once, across every process sharing the database. */
    concurrency: number;
    maxAttempts: number;
    leaseMs: number;
    providerTimeoutMs: number;
    idlePollMs: number;
    backoffBaseMs: number;
    backoffMaxMs: number;
    pollIntervalMs: number;
  };
  stripe: {
    secretKey?: string;
    webhookSecret?: string;
    apiUrl?: string;
  };
  google: {
    clientId?: string;
    clientSecret?: string;
    authUrl: string;
    tokenUrl: string;
    jwksUrl: string;
    issuers: string[];
  };
  /** POST /auth/dev signs in by email: outside production only. */
  devLogin: boolean;
  billing: {
    unlockThresholdCents: number;
    products: Record<ProductKey, Product>;
  };
  uploads: {
    maxBytes: number;
    maxPixels: number;
    /** Per user: uploads kept at once, and their stored bytes in total. */
    quotaCount: number;
    quotaBytes: number;
    /** An upload no render uses is deleted once it is this old (swept at boot and daily). */
    unusedMaxAgeMs: number;
  };
  /** Requests per minute per client for the expensive or sensitive endpoints. */
  rateLimits: { auth: number; checkout: number; generation: number; upload: number; report: number; collections: number };
}

export type DatabaseChoice = { kind: "sqlite"; path: string } | { kind: "postgres"; url: string };

export type ProductKey = "credits_100" | "credits_500" | "library";

export interface Product {
  key: ProductKey;
  name: string;
  kind: "credits" | "library";
  amountCents: number;
  credits: number;
  /** A Stripe Price id; without one, Checkout gets inline price data for amountCents. */
  stripePriceId?: string;
}

type Env = Record<string, string | undefined>;

const DEV_SECRET_KEY = "dev-only-secret-key-not-for-production-use";
/** Fragments of the placeholders people paste from examples. */
const PLACEHOLDER_SECRETS = ["dev-only-secret", "your-secret", "secret-key-here", "change-me", "changeme", "change-this", "replace-me", "replaceme", "placeholder", "example", "insert-"];
const MIN_SECRET_BITS = 80;
/** A sequence or repetition covering this share of a secret makes it weak; random keys come nowhere near. */
const WEAK_SHARE = 0.4;

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** An SPDX licence id (`CC0-1.0`, `CC-BY-4.0`, `LicenseRef-…`): it is written into files and a LICENSE text. */
function spdxLicense(env: Env): string {
  const value = optional(env, "LICENSE_SPDX") ?? optional(env, "LIBRARY_LICENSE") ?? "CC0-1.0";
  if (!/^[A-Za-z0-9][A-Za-z0-9.+-]{0,63}$/.test(value)) {
    throw new ConfigError(`LICENSE_SPDX must be an SPDX licence id such as CC0-1.0 or CC-BY-4.0, got "${value}"`);
  }
  return value;
}

function integerIn(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = optional(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  throw new ConfigError(`${name} must be 1/0, true/false, yes/no or on/off, got "${raw}"`);
}

function url(env: Env, name: string): string | undefined {
  const raw = optional(env, name);
  if (raw === undefined) return undefined;
  try {
    const parsed = new URL(raw);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error();
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL, got "${raw}"`);
  }
  return raw.replace(/\/+$/, "");
}

function role(env: Env): Role {
  const raw = optional(env, "ROLE")?.toLowerCase() ?? "all";
  if (raw === "all" || raw === "web" || raw === "worker") return raw;
  throw new ConfigError(`ROLE must be all, web or worker, got "${raw}"`);
}

function environment(env: Env): Environment {
  const raw = optional(env, "NODE_ENV") ?? "development";
  if (raw === "development" || raw === "production" || raw === "test") return raw;
  throw new ConfigError(`NODE_ENV must be development, production or test, got "${raw}"`);
}

/** Shannon entropy of the characters as written, times the length: a rough upper bound on guessing work. */
function estimatedBits(secret: string): number {
  const counts = new Map<string, number>();
  for (const char of secret) counts.set(char, (counts.get(char) ?? 0) + 1);
  let perChar = 0;
  for (const count of counts.values()) perChar -= (count / secret.length) * Math.log2(count / secret.length);
  return perChar * secret.length;
}

/**
 * The longest stretch in which each character is the previous one plus a fixed step of -1, 0 or +1
 * (987654, aaaa, abcdef). A random key has short ones by chance, so only a stretch covering much of the
 * secret counts as weakness.
 */
function longestSequence(secret: string): number {
  let longest = 1;
  let run = 1;
  let step = 0;
  for (let i = 1; i < secret.length; i++) {
    const delta = secret.charCodeAt(i) - secret.charCodeAt(i - 1);
    if (Math.abs(delta) > 1) run = 1;
    else if (run > 1 && delta === step) run += 1;
    else run = 2;
    step = delta;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** The longest stretch in which a unit appears at least three times in a row (abab…, Kq7!Kq7!Kq7!…). */
function longestRepetition(secret: string): number {
  let longest = 0;
  for (let period = 1; period * 3 <= secret.length; period++) {
    let stretch = 0;
    for (let i = period; i < secret.length; i++) {
      stretch = secret[i] === secret[i - period] ? stretch + 1 : 0;
      if (stretch >= 2 * period) longest = Math.max(longest, stretch + period);
    }
  }
  return longest;
}

/** Why a production secret is weak, or null. Never refuses a random key (tests/unit/safe-defaults.test.ts checks 60,000). */
export function secretWeakness(secret: string): string | null {
  const lower = secret.toLowerCase();
  if (secret.length < 32) return "shorter than 32 characters";
  if (PLACEHOLDER_SECRETS.some((fragment) => lower.includes(fragment))) return "a placeholder from an example";
  const share = secret.length * WEAK_SHARE;
  if (longestSequence(secret) >= share) return "a run of repeated or sequential characters";
  if (longestRepetition(secret) >= share) return "a repeated pattern";
  if (estimatedBits(secret) < MIN_SECRET_BITS) return "too little randomness";
  return null;
}

function secretKey(env: Env, isProduction: boolean): string {
  const raw = optional(env, "SECRET_KEY");
  if (!isProduction) return raw ?? DEV_SECRET_KEY;
  if (!raw) throw new ConfigError("SECRET_KEY is required in production (at least 32 random characters)");
  const weakness = secretWeakness(raw);
  if (weakness) throw new ConfigError(`SECRET_KEY is too weak for production (${weakness}): use at least 32 random characters, e.g. openssl rand -base64 48`);
  return raw;
}

function listenHost(env: Env, isProduction: boolean): string {
  return optional(env, "HOST") ?? (isProduction ? "0.0.0.0" : "127.0.0.1");
}

function addressList(env: Env, name: string): string[] {
  return (optional(env, name) ?? "").split(",").map((item) => item.trim()).filter(Boolean);
}

function stripeSettings(env: Env, isProduction: boolean): Config["stripe"] {
  const settings = {
    secretKey: optional(env, "STRIPE_SECRET_KEY"),
    webhookSecret: optional(env, "STRIPE_WEBHOOK_SECRET"),
    apiUrl: url(env, "STRIPE_API_URL"),
  };
  if (isProduction && settings.secretKey && !settings.webhookSecret) {
    throw new ConfigError("STRIPE_WEBHOOK_SECRET is required in production when STRIPE_SECRET_KEY is set: payments could not be confirmed");
  }
  return settings;
}

export function loadConfig(env: Env = process.env): Config {
  const envName = environment(env);
  const isProduction = envName === "production";
  const port = integerIn(env, "PORT", 8000, 0, 65535);
  const dataDir = resolve(optional(env, "DATA_DIR") ?? "./data");
  const configuredBaseUrl = url(env, "BASE_URL");
  const processRole = role(env);
  const database = databaseChoice(env, dataDir);
  return {
    env: envName,
    isProduction,
    port,
    host: listenHost(env, isProduction),
    baseUrl: configuredBaseUrl ?? `http://localhost:${port}`,
    licenseSpdx: spdxLicense(env),
    publicOrigin: configuredBaseUrl ? new URL(configuredBaseUrl).origin : undefined,
    trustedProxies: addressList(env, "TRUSTED_PROXY"),
    adminEmails: addressList(env, "ADMIN_EMAILS").map((email) => email.toLowerCase()),
    http: { bodyTimeoutMs: integerIn(env, "BODY_TIMEOUT_MS", 30_000, 50, 600_000) },
    webConcurrency: integerIn(env, "WEB_CONCURRENCY", isProduction ? availableParallelism() : 1, 1, 64),
    role: processRole,
    workerHealthPort: integerIn(env, "WORKER_HEALTH_PORT", 8001, 0, 65535),
    dataDir,
    database,
    dbPath: database.kind === "sqlite" ? database.path : join(dataDir, "gallery.db"),
    storage: imageStore(env, dataDir),
    // A worker signs nothing (no sessions, no links), so it runs without the web's SECRET_KEY.
    secretKey: secretKey(env, isProduction && processRole !== "worker"),
    seedOnStart: flag(env, "SEED_ON_START", true),
    responseCache: flag(env, "RESPONSE_CACHE", true),
    providers: configureProviders({
      optional: (name) => optional(env, name),
      url: (name) => url(env, name),
      flag: (name, fallback) => flag(env, name, fallback),
      isProduction,
    }),
    models: modelCatalogue(env),
    generation: {
      concurrency: integerIn(env, "PROVIDER_CONCURRENCY", 2, 1, 16),
      maxAttempts: integerIn(env, "GENERATION_MAX_ATTEMPTS", 4, 1, 20),
      leaseMs: integerIn(env, "GENERATION_LEASE_MS", 30_000, 500, 3_600_000),
      providerTimeoutMs: integerIn(env, "PROVIDER_TIMEOUT_MS", 120_000, 100, 3_600_000),
      idlePollMs: integerIn(env, "GENERATION_IDLE_POLL_MS", 1_000, 10, 1_000),
      backoffBaseMs: integerIn(env, "GENERATION_BACKOFF_BASE_MS", 2_000, 1, 600_000),
      backoffMaxMs: integerIn(env, "GENERATION_BACKOFF_MAX_MS", 300_000, 1, 3_600_000),
      pollIntervalMs: integerIn(env, "PROVIDER_POLL_MS", 1_000, 10, 60_000),
    },
    stripe: stripeSettings(env, isProduction),
    google: {
      clientId: optional(env, "GOOGLE_CLIENT_ID"),
      clientSecret: optional(env, "GOOGLE_CLIENT_SECRET"),
      authUrl: url(env, "GOOGLE_AUTH_URL") ?? "https://accounts.google.com/o/oauth2/v2/auth",
      tokenUrl: url(env, "GOOGLE_TOKEN_URL") ?? "https://oauth2.googleapis.com/token",
      jwksUrl: url(env, "GOOGLE_JWKS_URL") ?? "https://www.googleapis.com/oauth2/v3/certs",
      issuers: ["https://accounts.google.com", "accounts.google.com"],
    },
    devLogin: devLogin(env, isProduction),
    billing: {
      unlockThresholdCents: integerIn(env, "UNLOCK_THRESHOLD_CENTS", 10_000, 0, 100_000_000),
      products: {
        credits_100: {
          key: "credits_100",
          name: "100 credits",
          kind: "credits",
          amountCents: integerIn(env, "PRICE_CREDITS_100_CENTS", 2_500, 50, 10_000_000),
          credits: 100,
          stripePriceId: optional(env, "STRIPE_PRICE_CREDITS_100"),
        },
        credits_500: {
          key: "credits_500",
          name: "500 credits",
          kind: "credits",
          amountCents: integerIn(env, "PRICE_CREDITS_500_CENTS", 10_000, 50, 10_000_000),
          credits: 500,
          stripePriceId: optional(env, "STRIPE_PRICE_CREDITS_500"),
        },
        library: {
          key: "library",
          name: "The whole library (ZIP)",
          kind: "library",
          amountCents: integerIn(env, "PRICE_LIBRARY_CENTS", 5_000, 50, 10_000_000),
          credits: 0,
          stripePriceId: optional(env, "STRIPE_PRICE_LIBRARY"),
        },
      },
    },
    uploads: {
      maxBytes: integerIn(env, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024, 1024, 200 * 1024 * 1024),
      maxPixels: integerIn(env, "UPLOAD_MAX_PIXELS", 40_000_000, 10_000, 500_000_000),
      quotaCount: integerIn(env, "UPLOAD_QUOTA_COUNT", 50, 1, 1_000_000),
      quotaBytes: integerIn(env, "UPLOAD_QUOTA_BYTES", 100 * 1024 * 1024, 1024, 1024 ** 4),
      unusedMaxAgeMs: integerIn(env, "UPLOAD_UNUSED_MAX_AGE_HOURS", 24, 1, 24 * 365) * 3_600_000,
    },
    rateLimits: {
      auth: integerIn(env, "RATE_LIMIT_AUTH_PER_MINUTE", 20, 1, 100_000),
      checkout: integerIn(env, "RATE_LIMIT_CHECKOUT_PER_MINUTE", 10, 1, 100_000),
      generation: integerIn(env, "RATE_LIMIT_GENERATION_PER_MINUTE", 30, 1, 100_000),
      upload: integerIn(env, "RATE_LIMIT_UPLOAD_PER_MINUTE", 30, 1, 100_000),
      report: integerIn(env, "RATE_LIMIT_REPORT_PER_MINUTE", 10, 1, 100_000),
      collections: integerIn(env, "RATE_LIMIT_COLLECTIONS_PER_MINUTE", 120, 1, 100_000),
    },
  };
}

/** The URL as it may be shown in a message: without its password. */
function withoutPassword(raw: string): string {
  return raw.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, "$1***@");
}

/** DATABASE_URL unset or `file:…` → SQLite, as ever; `postgres://` or `postgresql://` → PostgreSQL. */
function databaseChoice(env: Env, dataDir: string): DatabaseChoice {
  const raw = optional(env, "DATABASE_URL");
  if (raw === undefined) return { kind: "sqlite", path: join(dataDir, "gallery.db") };
  const malformed = (why: string) =>
    new ConfigError(
      `DATABASE_URL must be unset (SQLite in DATA_DIR), file:path/to/gallery.db (SQLite) or postgres://user:password@host:5432/database (PostgreSQL), got "${withoutPassword(raw)}": ${why}`,
    );
  if (/^file:/i.test(raw)) {
    let path = raw.slice("file:".length);
    if (path.startsWith("//")) {
      const parsed = URL.parse(raw);
      if (!parsed || (parsed.host !== "" && parsed.host !== "localhost")) throw malformed("a file:// URL names a file on this machine, e.g. file:///srv/gallery/gallery.db");
      path = decodeURIComponent(parsed.pathname);
    }
    if (path.includes("?")) throw malformed("give only a path; the app sets SQLite's options itself");
    if (path === ":memory:") throw malformed("an in-memory database would lose every render at exit");
    if (path === "" || path.endsWith("/")) throw malformed("name the database file, not a folder");
    return { kind: "sqlite", path: resolve(path) };
  }
  if (/^postgres(ql)?:\/\//i.test(raw)) {
    const parsed = URL.parse(raw);
    if (!parsed) throw malformed("not a valid URL");
    if (!parsed.hostname && !parsed.searchParams.get("host")) throw malformed("no host");
    return { kind: "postgres", url: raw };
  }
  throw malformed("only file: (SQLite) and postgres:// or postgresql:// (PostgreSQL) are supported");
}

/** S3 bucket names: 3–63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PREFIX_SEGMENT = /^[A-Za-z0-9._-]+$/;

/** IMAGE_STORE unset: files under DATA_DIR; `s3://bucket/optional/prefix`: that bucket, with the S3_* settings. */
function imageStore(env: Env, dataDir: string): StoreConfig {
  const raw = optional(env, "IMAGE_STORE");
  if (raw === undefined) return { kind: "disk", root: dataDir };
  const malformed = (why: string) =>
    new ConfigError(`IMAGE_STORE must be unset (images in DATA_DIR) or s3://bucket/prefix, got "${raw}": ${why}`);
  const match = /^s3:\/\/([^/]*)(?:\/(.*))?$/.exec(raw);
  if (!match) throw malformed("only s3:// stores are supported");
  const bucket = match[1]!;
  if (!BUCKET.test(bucket) || bucket.includes("..")) throw malformed(`"${bucket}" is not an S3 bucket name`);
  const segments = (match[2] ?? "").split("/").filter(Boolean);
  if (segments.some((segment) => !PREFIX_SEGMENT.test(segment) || /^\.+$/.test(segment))) {
    throw malformed("the prefix may hold letters, digits, '.', '_', '-' and '/' only, and no '.' or '..' parts");
  }
  const required = (name: string) => {
    const value = optional(env, name);
    if (!value) throw new ConfigError(`${name} is required when IMAGE_STORE is an s3:// store`);
    return value;
  };
  const publicImages = optional(env, "S3_PUBLIC_IMAGES")?.toLowerCase() ?? "stream";
  if (publicImages !== "redirect" && publicImages !== "stream") {
    throw new ConfigError(`S3_PUBLIC_IMAGES must be redirect or stream, got "${publicImages}"`);
  }
  const store: S3StoreConfig = {
    kind: "s3",
    bucket,
    prefix: segments.length > 0 ? `${segments.join("/")}/` : "",
    endpoint: url(env, "S3_ENDPOINT"),
    region: optional(env, "S3_REGION"),
    accessKeyId: required("S3_ACCESS_KEY_ID"),
    secretAccessKey: required("S3_SECRET_ACCESS_KEY"),
    publicImages,
    timeoutMs: integerIn(env, "S3_TIMEOUT_MS", 30_000, 100, 600_000),
  };
  return store;
}

function modelCatalogue(env: Env): ModelCatalogue {
  try {
    return loadModelCatalogue(optional(env, "MODELS_FILE"), providerPrefixes());
  } catch (error) {
    throw new ConfigError(`MODELS_FILE: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** True when the provider named by `prefix` has its settings (an API key, or LOCAL_PROVIDER for local). */
export function isProviderConfigured(config: Config, prefix: string): boolean {
  return Boolean(config.providers[prefix]);
}

function devLogin(env: Env, isProduction: boolean): boolean {
  const requested = flag(env, "DEV_LOGIN", !isProduction);
  if (isProduction && requested) throw new ConfigError("DEV_LOGIN must be off in production: it signs anyone in by email");
  return requested;
}
