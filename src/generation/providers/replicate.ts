// Replicate through the official SDK: SDXL (text and image-to-image) and FLUX schnell, as resumable predictions.
import Replicate, { type ApiError, type Prediction } from "replicate";
import sharp from "sharp";
import { ProviderError, isTransientStatus, parseRetryAfter, type GenerationJob, type ImageProvider, type ProviderSettings } from "./types";

/** stability-ai/sdxl is a community model, addressed by version; flux-schnell is an official model. */
export const SDXL_VERSION = "7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc";
const FLUX_MODEL = "black-forest-labs/flux-schnell";

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

export function classifyReplicateError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (isApiError(error)) {
    const status = Number(error.response.headers.get(ORIGINAL_STATUS) ?? error.response.status);
    if (isTransientStatus(status)) {
      return new ProviderError("transient", `Replicate is busy (HTTP ${status}).`, {
        status,
        retryAfterMs: parseRetryAfter(error.response.headers.get("retry-after")),
      });
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

async function imageInput(path: string): Promise<string> {
  const png = await sharp(path).png().toBuffer();
  return `data:image/png;base64,${png.toString("base64")}`;
}

export function createReplicateProvider(settings: ProviderSettings, model: "sdxl" | "flux-schnell"): ImageProvider {
  if (!settings.replicateApiToken) throw new ProviderError("permanent", "Replicate is not configured on this server.");
  const client = new Replicate({
    auth: settings.replicateApiToken,
    baseUrl: settings.replicateBaseUrl,
    fetch: fetchWithoutSdkRateLimitRetries,
    useFileOutput: false,
  });

  async function start(job: GenerationJob, signal: AbortSignal): Promise<Prediction> {
    if (model === "flux-schnell") {
      if (job.inputImagePath) throw new ProviderError("permanent", "This model cannot restyle a photo.");
      return client.predictions.create({ model: FLUX_MODEL, input: { prompt: job.effectivePrompt, output_format: "png" }, signal });
    }
    const input: Record<string, unknown> = { prompt: job.effectivePrompt, width: 1024, height: 1024 };
    if (job.inputImagePath) {
      input.image = await imageInput(job.inputImagePath);
      input.prompt_strength = job.strength ?? 0.6;
    }
    return client.predictions.create({ version: SDXL_VERSION, input, signal });
  }

  return {
    async generate(job, hooks) {
      try {
        const signal = hooks.signal;
        let prediction = job.providerJobId ? await client.predictions.get(job.providerJobId, { signal }) : await start(job, signal);
        if (!job.providerJobId) hooks.onProviderJobId(prediction.id);
        while (prediction.status === "starting" || prediction.status === "processing") {
          await sleep(settings.pollIntervalMs, hooks.signal);
          prediction = await client.predictions.get(prediction.id, { signal });
        }
        if (prediction.status !== "succeeded") throw predictionFailure(prediction);
        const url = firstOutputUrl(prediction.output);
        if (!url) throw new ProviderError("transient", "Replicate finished without an image.");
        const download = await fetch(url, { signal: hooks.signal });
        if (!download.ok) {
          throw new ProviderError(isTransientStatus(download.status) ? "transient" : "permanent", `Downloading the result failed (HTTP ${download.status}).`);
        }
        return {
          image: Buffer.from(await download.arrayBuffer()),
          metadata: {
            provider: "replicate",
            model,
            prediction_id: prediction.id,
            version: prediction.version,
            seed: (prediction.input as Record<string, unknown> | undefined)?.seed ?? null,
            metrics: prediction.metrics ?? null,
          },
        };
      } catch (error) {
        throw classifyReplicateError(error);
      }
    },
  };
}
