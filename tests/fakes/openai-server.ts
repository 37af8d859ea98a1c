// A fake OpenAI Images API on 127.0.0.1 for the official SDK, shaped like today's API for GPT Image
// models: generations and edits answer base64 only (response_format is refused), shut-down models
// answer 404 model_not_found, and each call can be scripted.
import { pngWithManifest } from "./c2pa";
import { makeBlackPng, makePicturePng, PROVIDER_IMAGE_SIZE } from "./png";

/** What the fake does with one call; the default is a picture at once. */
export type FakeOutcome =
  | { type: "image"; delayMs?: number; black?: boolean }
  | { type: "rate-limit"; retryAfterSeconds?: number }
  | { type: "server-error" }
  | { type: "content-policy" }
  /** What OpenAI answers for a model it has shut down (also the default for any model not in FAKE_OPENAI_MODELS). */
  | { type: "model-not-found" }
  /** Never answers; the request ends only when the client gives up (or the fake stops). */
  | { type: "hang" };

export interface OpenAICall {
  /** 1-based, in arrival order. */
  n: number;
  endpoint: "generations" | "edits";
  model: string;
  prompt: string;
  size: string | null;
  /** Sent only by clients written for the retired DALL·E models; the fake refuses it as the API does. */
  responseFormat: string | null;
  quality: string | null;
  outputFormat: string | null;
  imageCount: number | null;
  /** Edits: the uploaded image file (null for generations). */
  image: Buffer | null;
  authorization: string | null;
  receivedAt: number;
  outcome?: FakeOutcome["type"];
  /** When the fake answered, or when the client went away (undefined while in flight). */
  endedAt?: number;
}

export type OpenAIBehaviour = (call: OpenAICall) => FakeOutcome | Promise<FakeOutcome>;

export interface FakeOpenAI {
  /** Base URL for the SDK's `baseURL` (ends in /v1, as the SDK's default does). */
  url: string;
  calls: OpenAICall[];
  /** Requests to paths the real API does not have. */
  unexpected: string[];
  readonly inFlight: number;
  readonly maxInFlight: number;
  setBehaviour(behaviour: OpenAIBehaviour): void;
  /** Forgets recorded calls and the in-flight peak (between tests sharing one fake). */
  reset(): void;
  stop(): Promise<void>;
}

/** The Images API models the fake serves; anything else (dall-e-3, gpt-image-1…) is gone. */
export const FAKE_OPENAI_MODELS = new Set(["gpt-image-2", "gpt-image-2-2026-04-21", "gpt-image-1.5", "gpt-image-1-mini"]);

/** The request id the fake sends (x-request-id) for a call, so a test can find it in the render's provenance. */
export function requestIdFor(call: Pick<OpenAICall, "n">): string {
  return `req_fake${String(call.n).padStart(6, "0")}`;
}

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

export interface FakeOpenAIOptions {
  /** Edge of the returned images (default 1024, what OpenAI returns for size=1024x1024). */
  imageSize?: number;
}

export function startFakeOpenAI(behaviour: OpenAIBehaviour = () => ({ type: "image" }), { imageSize = PROVIDER_IMAGE_SIZE }: FakeOpenAIOptions = {}): FakeOpenAI {
  let current = behaviour;
  let inFlight = 0;
  let maxInFlight = 0;
  const calls: OpenAICall[] = [];
  const unexpected: string[] = [];
  const releaseHangs = new Set<() => void>();

  async function readCall(request: Request, endpoint: OpenAICall["endpoint"]): Promise<OpenAICall> {
    // `n` is assigned when the call is recorded, after the body is read, so concurrent calls stay distinct.
    const base = {
      n: 0,
      endpoint,
      authorization: request.headers.get("authorization"),
      receivedAt: Date.now(),
    };
    if (endpoint === "generations") {
      const body = (await request.json()) as Record<string, unknown>;
      return {
        ...base,
        model: String(body.model ?? ""),
        prompt: String(body.prompt ?? ""),
        size: typeof body.size === "string" ? body.size : null,
        responseFormat: typeof body.response_format === "string" ? body.response_format : null,
        quality: typeof body.quality === "string" ? body.quality : null,
        outputFormat: typeof body.output_format === "string" ? body.output_format : null,
        imageCount: typeof body.n === "number" ? body.n : null,
        image: null,
      };
    }
    const form = await request.formData();
    const image = form.get("image") ?? form.get("image[]");
    const text = (name: string) => (typeof form.get(name) === "string" ? String(form.get(name)) : null);
    return {
      ...base,
      model: String(form.get("model") ?? ""),
      prompt: String(form.get("prompt") ?? ""),
      size: text("size"),
      responseFormat: text("response_format"),
      quality: text("quality"),
      outputFormat: text("output_format"),
      imageCount: text("n") === null ? null : Number(text("n")),
      image: image instanceof Blob ? Buffer.from(await image.arrayBuffer()) : null,
    };
  }

  async function answer(call: OpenAICall, request: Request): Promise<Response> {
    const outcome: FakeOutcome = FAKE_OPENAI_MODELS.has(call.model) ? await current(call) : { type: "model-not-found" };
    call.outcome = outcome.type;
    if (outcome.type !== "model-not-found" && call.responseFormat !== null) {
      return jsonResponse(400, {
        error: { message: "Unknown parameter: 'response_format'.", type: "invalid_request_error", param: "response_format", code: "unknown_parameter" },
      });
    }
    switch (outcome.type) {
      case "model-not-found":
        return jsonResponse(404, {
          error: {
            message: `The model \`${call.model}\` does not exist or you do not have access to it.`,
            type: "invalid_request_error",
            param: null,
            code: "model_not_found",
          },
        });
      case "rate-limit":
        return jsonResponse(
          429,
          { error: { message: "Rate limit reached for images per minute.", type: "requests", code: "rate_limit_exceeded", param: null } },
          outcome.retryAfterSeconds === undefined ? {} : { "retry-after": String(outcome.retryAfterSeconds) },
        );
      case "server-error":
        return jsonResponse(500, { error: { message: "The server had an error processing your request.", type: "server_error", code: null, param: null } });
      case "content-policy":
        return jsonResponse(400, {
          error: {
            code: "content_policy_violation",
            message: "Your request was rejected as a result of our safety system.",
            param: null,
            type: "invalid_request_error",
          },
        });
      case "hang":
        await new Promise<void>((resolve) => {
          const release = () => {
            releaseHangs.delete(release);
            resolve();
          };
          releaseHangs.add(release);
          request.signal.addEventListener("abort", release, { once: true });
        });
        return new Response(null, { status: 499 });
      case "image": {
        if (outcome.delayMs) await Bun.sleep(outcome.delayMs);
        // OpenAI's images carry C2PA Content Credentials.
        const png = pngWithManifest(outcome.black ? await makeBlackPng(imageSize) : await makePicturePng(call.n, imageSize));
        return jsonResponse(
          200,
          {
            created: Math.floor(Date.now() / 1000),
            background: "opaque",
            output_format: call.outputFormat ?? "png",
            quality: call.quality ?? "medium",
            size: call.size ?? "1024x1024",
            usage: { input_tokens: 50, output_tokens: 1056, total_tokens: 1106, input_tokens_details: { image_tokens: 0, text_tokens: 50 } },
            data: [{ b64_json: png.toString("base64") }],
          },
          { "x-request-id": requestIdFor(call) },
        );
      }
    }
  }

  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    idleTimeout: 0,
    async fetch(request) {
      const { pathname } = new URL(request.url);
      const endpoint = request.method === "POST" && pathname === "/v1/images/generations" ? "generations" : request.method === "POST" && pathname === "/v1/images/edits" ? "edits" : null;
      if (!endpoint) {
        unexpected.push(`${request.method} ${pathname}`);
        return jsonResponse(404, { error: { message: `Invalid URL (${request.method} ${pathname})`, type: "invalid_request_error", code: null, param: null } });
      }
      const call = await readCall(request, endpoint);
      call.n = calls.push(call);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        return await answer(call, request);
      } finally {
        inFlight--;
        call.endedAt = Date.now();
      }
    },
  });

  return {
    url: `http://127.0.0.1:${server.port}/v1`,
    calls,
    unexpected,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    setBehaviour(behaviour) {
      current = behaviour;
    },
    reset() {
      calls.length = 0;
      maxInFlight = inFlight;
    },
    async stop() {
      for (const release of [...releaseHangs]) release();
      await server.stop(true);
    },
  };
}
