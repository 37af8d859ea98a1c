// The contract every image provider meets (a ProviderDefinition record per provider, an ImageProvider
// per Worker), and the error that tells the queue whether to retry.
import type { ModelEntry } from "../models/model-entry";

export interface GenerationJob {
  renderId: string;
  modelKey: string;
  /** The catalogue entry at claim time: provider model id, pinned version, request fields. */
  model: ModelEntry;
  /** `WIDTHxHEIGHT` asked of the provider. */
  size: string;
  basePrompt: string;
  stylePhrase: string;
  effectivePrompt: string;
  /** Image-to-image: the (already re-encoded) input photo's bytes. */
  inputImage?: Buffer | null;
  /** Image-to-image: 0 keeps the input, 1 ignores it. */
  strength?: number | null;
  /** A remote prediction started by an earlier attempt: resume it instead of paying for another. */
  providerJobId?: string | null;
}

export interface ProviderHooks {
  /** Called as soon as a remote prediction exists, before waiting on it. */
  onProviderJobId(id: string): void;
  signal: AbortSignal;
}

export interface GenerationOutput {
  image: Buffer;
  /** What the provider said about the result, as it said it (kept for diagnosis). */
  metadata: Record<string, unknown>;
  /** The seed used, where the provider takes one. */
  seed?: number | null;
  /** The provider's id for the call (OpenAI x-request-id, Replicate prediction id). */
  requestId?: string | null;
  /** The version the provider reports having run, when it reports one. */
  version?: string | null;
}

export interface ImageProvider {
  generate(job: GenerationJob, hooks: ProviderHooks): Promise<GenerationOutput>;
}

/** Settings every provider shares; plain data so it crosses into a Worker. */
export interface CommonProviderSettings {
  /** Per provider call; a hung call is abandoned after this and retried. */
  timeoutMs: number;
  /** How often to poll a remote prediction. */
  pollIntervalMs: number;
}

/** How a provider reads its own environment variables (config.ts parses and reports errors). */
export interface EnvReader {
  optional(name: string): string | undefined;
  /** An http(s) URL without a trailing slash. */
  url(name: string): string | undefined;
  flag(name: string, fallback: boolean): boolean;
  isProduction: boolean;
}

/**
 * Everything the app knows about one provider. Adding a provider is a file exporting one of these
 * (as its default export, so a Worker can load it by `module`) and one line in registry.ts; its
 * models are entries in the catalogue. Keep the file light: load SDKs inside `create`.
 */
export interface ProviderDefinition<S extends object = object> {
  /** Model keys `prefix:…` belong to it. */
  prefix: string;
  label: string;
  /** `import.meta.url` of the file: Workers import it to call the provider. */
  module: string;
  /** What any of its models can do at most; catalogue entries claiming more are refused at start. */
  capabilities: { text_to_image: boolean; image_to_image: boolean };
  /** Its settings from the environment, or null when it is not configured (its models are not offered). */
  configure(env: EnvReader): S | null;
  /** Runs in a Worker with the settings `configure` returned. */
  create(settings: S, common: CommonProviderSettings): ImageProvider | Promise<ImageProvider>;
}

/** Per-provider settings (null: not configured) plus the shared ones; plain data for the Workers. */
export interface ProviderSettings extends CommonProviderSettings {
  byProvider: Record<string, object | null>;
}

export type ProviderErrorKind = "transient" | "permanent";

/**
 * Transient errors (network, timeout, 408/409/429/5xx) are retried with backoff; permanent ones
 * (content policy, safety, invalid input, unknown model) fail the render at once with `message`,
 * which is written for the person who asked for the render.
 */
export class ProviderError extends Error {
  override name = "ProviderError";
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly options: {
      retryAfterMs?: number;
      safety?: boolean;
      status?: number;
      /** The remote prediction ended badly: a retry must start a new one rather than resume it. */
      discardProviderJob?: boolean;
      /** The provider no longer has this model or version: stop running it (permanent failures only). */
      modelUnavailable?: boolean;
    } = {},
  ) {
    super(message);
  }
}

const TRANSIENT_STATUSES = new Set([408, 409, 425, 429]);

export function isTransientStatus(status: number): boolean {
  return TRANSIENT_STATUSES.has(status) || status >= 500;
}

/** Retry-After as seconds or an HTTP date → milliseconds from now (undefined when absent or unreadable). */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
