// OpenAI's Images API through the official SDK: GPT Image models generate (text) and edit (a photo).
// They answer base64 only, so no response_format is sent. The SDK loads on a Worker's first call.
import type OpenAI from "openai";
import type { Uploadable } from "openai/uploads";
import { ProviderError, isTransientStatus, parseRetryAfter, type GenerationJob, type ImageProvider, type ProviderDefinition } from "./types";

const CONTENT_POLICY_CODES = new Set(["content_policy_violation", "moderation_blocked", "image_generation_user_error"]);
/** What OpenAI answers for a model it shut down or never had (HTTP 404, sometimes 400). */
const MODEL_GONE_CODES = new Set(["model_not_found", "model_deprecated"]);

interface OpenAISettings {
  apiKey: string;
  baseUrl?: string;
}

interface ErrorLike {
  status?: unknown;
  code?: unknown;
  message?: unknown;
  headers?: Headers;
}

/** Maps an SDK error to retry-or-fail; the SDK's own retries are off (maxRetries: 0), the queue retries. */
export async function classifyOpenAIError(error: unknown): Promise<ProviderError> {
  if (error instanceof ProviderError) return error;
  const { APIConnectionError, APIError } = await import("openai");
  if (error instanceof APIConnectionError) return new ProviderError("transient", `OpenAI could not be reached: ${error.message}`);
  if (error instanceof APIError && typeof error.status === "number") {
    const { status, code, headers } = error as ErrorLike & { status: number };
    if (typeof code === "string" && CONTENT_POLICY_CODES.has(code)) {
      return new ProviderError("permanent", "OpenAI declined this prompt under its content policy.", { safety: true, status });
    }
    if ((typeof code === "string" && MODEL_GONE_CODES.has(code)) || (status === 404 && /model/i.test(error.message))) {
      return new ProviderError("permanent", `OpenAI no longer offers this model: ${error.message}`, { status, modelUnavailable: true });
    }
    if (isTransientStatus(status)) {
      return new ProviderError("transient", `OpenAI is busy (HTTP ${status}).`, { status, retryAfterMs: parseRetryAfter(headers?.get("retry-after")) });
    }
    return new ProviderError("permanent", `OpenAI rejected the request: ${error.message}`, { status });
  }
  return new ProviderError("transient", error instanceof Error ? error.message : String(error));
}

async function createOpenAIProvider(settings: OpenAISettings, timeoutMs: number): Promise<ImageProvider> {
  const { default: OpenAIClient, toFile } = await import("openai");
  const sharp = (await import("sharp")).default;
  const client = new OpenAIClient({ apiKey: settings.apiKey, baseURL: settings.baseUrl, maxRetries: 0, timeout: timeoutMs });

  async function photo(bytes: Buffer): Promise<Uploadable> {
    // The edits endpoint takes PNG, WebP or JPEG; uploads are stored as WebP, sent as PNG to keep them lossless.
    const png = await sharp(bytes).png().toBuffer();
    return toFile(png, "input.png", { type: "image/png" });
  }

  return {
    async generate(job: GenerationJob, hooks) {
      // The snapshot pins the model's behaviour; the alias is only a fallback for entries without one.
      const model = job.model.version ?? job.model.model;
      const fields = { ...job.model.input, model, prompt: job.effectivePrompt, size: job.size, n: 1 } as Record<string, unknown>;
      try {
        const { data: response, request_id } = job.inputImage
          ? await client.images
              .edit({ ...fields, image: await photo(job.inputImage) } as unknown as OpenAI.ImageEditParamsNonStreaming, { signal: hooks.signal })
              .withResponse()
          : await client.images.generate(fields as unknown as OpenAI.ImageGenerateParamsNonStreaming, { signal: hooks.signal }).withResponse();
        const first = response.data?.[0];
        if (!first?.b64_json) throw new ProviderError("transient", "OpenAI answered without an image.");
        return {
          image: Buffer.from(first.b64_json, "base64"),
          requestId: request_id,
          version: model,
          seed: null,
          metadata: {
            provider: "openai",
            model,
            created: response.created,
            size: response.size ?? null,
            quality: response.quality ?? null,
            output_format: response.output_format ?? null,
            usage: response.usage ?? null,
          },
        };
      } catch (error) {
        throw await classifyOpenAIError(error);
      }
    },
  };
}

const openaiProvider: ProviderDefinition<OpenAISettings> = {
  prefix: "openai",
  label: "OpenAI",
  module: import.meta.url,
  capabilities: { text_to_image: true, image_to_image: true },
  configure(env) {
    const baseUrl = env.url("OPENAI_BASE_URL");
    const apiKey = env.optional("OPENAI_API_KEY");
    return apiKey ? { apiKey, baseUrl } : null;
  },
  create: (settings, common) => createOpenAIProvider(settings, common.timeoutMs),
};

export default openaiProvider;
