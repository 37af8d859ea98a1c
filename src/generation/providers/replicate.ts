// Replicate through the official SDK: version-pinned predictions (POST /v1/predictions {version}), stored
// as soon as they exist so a restarted job resumes by polling instead of paying twice.
import type { ApiError, Prediction } from "replicate";
import { ProviderError, isTransientStatus, parseRetryAfter, type GenerationJob, type ImageProvider, type ProviderDefinition } from "./types";

interface ReplicateSettings {
  apiToken: string;
  baseUrl?: string;
}

/**
 * The SDK retries 429s itself on a short fixed schedule that ignores Retry-After. Presenting a 429
 * to it as status 499 (carrying the original status) makes it give up at once, so the queue backs
 * off with the server's Retry-After and its own jittered schedule instead.
 */
const ORIGINAL_STATUS = "x-original-status";

function fetchWithoutSdkRateLimitRetries(input: Request | string, init?: RequestInit): Promise<Response> {
  return fetch(input, init).then((response) => {
    if (response.status !== 429) return response;
    const headers = new Headers(response.headers);
    headers.set(ORIGINAL_STATUS, "429");
    return new Response(response.body, { status: 499, statusText: "Too Many Requests", headers });
  });
}

/** The SDK exports ApiError's type but not the class, so recognise it by shape. */
function isApiError(error: unknown): error is ApiError {
  return error instanceof Error && error.name === "ApiError" && (error as Partial<ApiError>).response instanceof Response;
}

/** `creating`: the error came from starting a prediction, where 404/422 mean the pinned version is gone. */
export function classifyReplicateError(error: unknown, creating = false): ProviderError {
  if (error instanceof ProviderError) return error;
  if (isApiError(error)) {
    const status = Number(error.response.headers.get(ORIGINAL_STATUS) ?? error.response.status);
    if (isTransientStatus(status)) {
      return new ProviderError("transient", `Replicate is busy (HTTP ${status}).`, {
        status,
        retryAfterMs: parseRetryAfter(error.response.headers.get("retry-after")),
      });
    }
    if (creating && (status === 404 || status === 422) && /version|model|not found|permitted/i.test(error.message)) {
      return new ProviderError("permanent", `Replicate no longer runs this model version (HTTP ${status}).`, { status, modelUnavailable: true });
    }
    return new ProviderError("permanent", `Replicate rejected the request (HTTP ${status}).`, { status });
  }
  const message = error instanceof Error ? error.message : String(error);
  // fetch failures (connection refused or reset, DNS, aborted sockets) are worth retrying; anything else
  // (an unreadable input file, say) would fail the same way every time.
  if (error instanceof TypeError || /ECONN|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|socket|network|fetch failed|Unable to connect|abort/i.test(message)) {
    return new ProviderError("transient", `Replicate could not be reached: ${message}`);
  }
  return new ProviderError("permanent", `The request to Replicate could not be prepared: ${message}`);
}

function predictionFailure(prediction: Prediction): ProviderError {
  const reason = String(prediction.error ?? "unknown error");
  if (/nsfw|safety|sensitive/i.test(reason)) {
    return new ProviderError("permanent", "The model's safety checker flagged this image.", { safety: true });
  }
  if (prediction.status === "canceled") return new ProviderError("transient", "The prediction was cancelled.", { discardProviderJob: true });
  if (/invalid|must be|required/i.test(reason)) return new ProviderError("permanent", `Replicate could not run this input: ${reason}`);
  return new ProviderError("transient", `Replicate failed: ${reason}`, { discardProviderJob: true });
}

function firstOutputUrl(output: unknown): string | undefined {
  if (typeof output === "string") return output;
  if (Array.isArray(output)) return output.find((item): item is string => typeof item === "string");
  return undefined;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });
}

/** A seed fixed by the render, so a retry asks for the same picture and the render records which. */
export function seedFor(renderId: string): number {
  return Number(BigInt(Bun.hash(renderId)) % 2_147_483_647n);
}

async function createReplicateProvider(settings: ReplicateSettings, pollIntervalMs: number): Promise<ImageProvider> {
  const { default: Replicate } = await import("replicate");
  const sharp = (await import("sharp")).default;
  const client = new Replicate({ auth: settings.apiToken, baseUrl: settings.baseUrl, fetch: fetchWithoutSdkRateLimitRetries, useFileOutput: false });

  async function start(job: GenerationJob, signal: AbortSignal): Promise<Prediction> {
    const version = job.model.version;
    if (!version) throw new ProviderError("permanent", `Model "${job.model.key}" has no pinned version in the catalogue.`, { modelUnavailable: true });
    const input: Record<string, unknown> = { ...job.model.input, prompt: job.effectivePrompt, seed: seedFor(job.renderId) };
    if (job.inputImage) {
      const png = await sharp(job.inputImage).png().toBuffer();
      input.image = `data:image/png;base64,${png.toString("base64")}`;
      input.prompt_strength = job.strength ?? 0.6;
    }
    try {
      return await client.predictions.create({ version, input, signal });
    } catch (error) {
      throw classifyReplicateError(error, true);
    }
  }

  return {
    async generate(job, hooks) {
      try {
        const signal = hooks.signal;
        let prediction = job.providerJobId ? await client.predictions.get(job.providerJobId, { signal }) : await start(job, signal);
        if (!job.providerJobId) hooks.onProviderJobId(prediction.id);
        while (prediction.status === "starting" || prediction.status === "processing") {
          await sleep(pollIntervalMs, signal);
          prediction = await client.predictions.get(prediction.id, { signal });
        }
        if (prediction.status !== "succeeded") throw predictionFailure(prediction);
        const url = firstOutputUrl(prediction.output);
        if (!url) throw new ProviderError("transient", "Replicate finished without an image.");
        const download = await fetch(url, { signal });
        if (!download.ok) {
          throw new ProviderError(isTransientStatus(download.status) ? "transient" : "permanent", `Downloading the result failed (HTTP ${download.status}).`);
        }
        const seed = (prediction.input as Record<string, unknown> | undefined)?.seed;
        return {
          image: Buffer.from(await download.arrayBuffer()),
          requestId: prediction.id,
          version: prediction.version,
          seed: typeof seed === "number" ? seed : null,
          metadata: { provider: "replicate", model: job.model.model, prediction_id: prediction.id, version: prediction.version, metrics: prediction.metrics ?? null },
        };
      } catch (error) {
        throw classifyReplicateError(error);
      }
    },
  };
}

const replicateProvider: ProviderDefinition<ReplicateSettings> = {
  prefix: "replicate",
  label: "Replicate",
  module: import.meta.url,
  capabilities: { text_to_image: true, image_to_image: true },
  configure(env) {
    const baseUrl = env.url("REPLICATE_BASE_URL");
    const apiToken = env.optional("REPLICATE_API_TOKEN");
    return apiToken ? { apiToken, baseUrl } : null;
  },
  create: (settings, common) => createReplicateProvider(settings, common.pollIntervalMs),
};

export default replicateProvider;
