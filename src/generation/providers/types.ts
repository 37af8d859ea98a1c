// The contract every image provider meets, and the error that tells the queue whether to retry.

export interface GenerationJob {
  renderId: string;
  modelKey: string;
  basePrompt: string;
  stylePhrase: string;
  effectivePrompt: string;
  /** Image-to-image: absolute path of the (already re-encoded) input image. */
  inputImagePath?: string | null;
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
  /** What the provider said about the result: revised prompt, seed, version, prediction id… */
  metadata: Record<string, unknown>;
}

export interface ImageProvider {
  generate(job: GenerationJob, hooks: ProviderHooks): Promise<GenerationOutput>;
}

/** Keys and endpoints a worker needs; plain data so it crosses into a Worker. */
export interface ProviderSettings {
  openaiApiKey?: string;
  openaiBaseUrl?: string;
  replicateApiToken?: string;
  replicateBaseUrl?: string;
  /** Per provider call; a hung call is abandoned after this and retried. */
  timeoutMs: number;
  /** How often to poll a remote prediction. */
  pollIntervalMs: number;
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
