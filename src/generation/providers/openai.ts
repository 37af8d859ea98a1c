// OpenAI images through the official SDK: gpt-image-1 (generate, and edit for image-to-image) and dall-e-3.
import OpenAI, { APIConnectionError, APIError, toFile } from "openai";
import sharp from "sharp";
import { ProviderError, isTransientStatus, parseRetryAfter, type GenerationJob, type ImageProvider, type ProviderSettings } from "./types";

const CONTENT_POLICY_CODES = new Set(["content_policy_violation", "moderation_blocked", "image_generation_user_error"]);

/** Maps an SDK error to retry-or-fail; the SDK's own retries are off (maxRetries: 0), the queue retries. */
export function classifyOpenAIError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof APIConnectionError) return new ProviderError("transient", `OpenAI could not be reached: ${error.message}`);
  if (error instanceof APIError && typeof error.status === "number") {
    if (error.code && CONTENT_POLICY_CODES.has(error.code)) {
      return new ProviderError("permanent", "OpenAI declined this prompt under its content policy.", { safety: true, status: error.status });
    }
    if (isTransientStatus(error.status)) {
      return new ProviderError("transient", `OpenAI is busy (HTTP ${error.status}).`, {
        status: error.status,
        retryAfterMs: parseRetryAfter(error.headers?.get("retry-after")),
      });
    }
    return new ProviderError("permanent", `OpenAI rejected the request: ${error.message}`, { status: error.status });
  }
  return new ProviderError("transient", error instanceof Error ? error.message : String(error));
}

export function createOpenAIProvider(settings: ProviderSettings, model: "gpt-image-1" | "dall-e-3"): ImageProvider {
  if (!settings.openaiApiKey) throw new ProviderError("permanent", "OpenAI is not configured on this server.");
  const client = new OpenAI({
    apiKey: settings.openaiApiKey,
    baseURL: settings.openaiBaseUrl,
    maxRetries: 0,
    timeout: settings.timeoutMs,
  });
  return {
    async generate(job: GenerationJob, hooks) {
      try {
        let response: OpenAI.ImagesResponse;
        if (job.inputImagePath) {
          if (model !== "gpt-image-1") throw new ProviderError("permanent", "This model cannot restyle a photo.");
          // The edits endpoint wants PNG; uploads are stored as WebP.
          const png = await sharp(job.inputImagePath).png().toBuffer();
          const input = await toFile(png, "input.png", { type: "image/png" });
          response = await client.images.edit({ model, image: input, prompt: job.effectivePrompt, size: "1024x1024" }, { signal: hooks.signal });
        } else if (model === "dall-e-3") {
          response = await client.images.generate(
            { model, prompt: job.effectivePrompt, size: "1024x1024", response_format: "b64_json" },
            { signal: hooks.signal },
          );
        } else {
          response = await client.images.generate({ model, prompt: job.effectivePrompt, size: "1024x1024" }, { signal: hooks.signal });
        }
        const first = response.data?.[0];
        if (!first?.b64_json) throw new ProviderError("transient", "OpenAI answered without an image.");
        return {
          image: Buffer.from(first.b64_json, "base64"),
          metadata: { provider: "openai", model, revised_prompt: first.revised_prompt ?? null, created: response.created },
        };
      } catch (error) {
        throw classifyOpenAIError(error);
      }
    },
  };
}
