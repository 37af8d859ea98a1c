// A fake Replicate predictions API on 127.0.0.1 for the official SDK: version-pinned create
// (POST /v1/predictions {version}), poll to a result, download the output. A version that is not a
// 64-hex id, or one declared gone, answers 422 as Replicate does for a deleted version.
import defaultModels from "../../src/generation/models/default-models.json";
import { makeBlackPng, makePicturePng, PROVIDER_IMAGE_SIZE } from "./png";

/** How a created prediction behaves while it is polled. */
export interface PredictionPlan {
  /** GETs answered "processing" before the final status (default 2). */
  polls?: number;
  /** Stays "processing" until `release(id)`, however often it is polled. */
  hold?: boolean;
  /** Ends "failed" with this error instead of succeeding. */
  fail?: string;
  /** The output is an all-black image. */
  black?: boolean;
}

export type ReplicateOutcome =
  | ({ type: "prediction" } & PredictionPlan)
  | { type: "rate-limit"; retryAfterSeconds?: number }
  | { type: "server-error" }
  /** 422 "Invalid version or not permitted": the version was deleted. */
  | { type: "version-gone" }
  /** Never answers; the request ends only when the client gives up (or the fake stops). */
  | { type: "hang" };

export interface ReplicateCall {
  /** 1-based over every call of any kind, in arrival order. */
  n: number;
  kind: "create" | "get" | "download";
  method: string;
  path: string;
  /** For create: the version sent (version route) or the model from the path (model route). */
  version: string | null;
  model: string | null;
  input: Record<string, unknown> | null;
  predictionId: string | null;
  authorization: string | null;
  receivedAt: number;
  /** When the fake answered (undefined while in flight). */
  endedAt?: number;
  outcome?: string;
}

export interface FakePrediction {
  id: string;
  /** 1-based creation order; also picks the output picture's colour. */
  number: number;
  model: string;
  version: string;
  input: Record<string, unknown>;
  status: "starting" | "processing" | "succeeded" | "failed";
  polls: number;
  plan: PredictionPlan;
  held: boolean;
  createdAt: string;
}

export interface ReplicateBehaviour {
  /** Decides each create call (default: a prediction that succeeds after 2 polls). */
  create?: (call: ReplicateCall) => ReplicateOutcome | Promise<ReplicateOutcome>;
  /** Decides each poll before it is answered; return undefined to answer normally. */
  poll?: (call: ReplicateCall, prediction: FakePrediction) => Exclude<ReplicateOutcome, { type: "prediction" }> | undefined;
}

export interface FakeReplicate {
  /** Base URL for the SDK's `baseUrl` (ends in /v1, as the SDK's default does). */
  url: string;
  calls: ReplicateCall[];
  predictions: Map<string, FakePrediction>;
  readonly predictionsCreated: number;
  /** Predictions created and not yet finished, now and at most. */
  readonly active: number;
  readonly maxActive: number;
  unexpected: string[];
  /** Lets a held prediction finish on its next poll. */
  release(id: string): void;
  setBehaviour(behaviour: ReplicateBehaviour): void;
  /** Forgets recorded calls, predictions and the peak (between tests sharing one fake). */
  reset(): void;
  stop(): Promise<void>;
}

/** What the fake reports as the version of a model addressed by name (the model route). */
export const FAKE_MODEL_VERSION = "5599ed30703defd1d160a25a63321b4dec97101d98b4674bcc56e41f62f35637";

/** Model names for the versions the default catalogue pins, so predictions report the model they ran. */
const MODEL_OF_VERSION = new Map(
  defaultModels.models.filter((entry) => entry.provider === "replicate" && "version" in entry).map((entry) => [(entry as { version: string }).version, entry.model]),
);
export const NSFW_ERROR = "NSFW content detected. Try running it again, or try a different prompt.";

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

export interface FakeReplicateOptions {
  /** Edge of the output images (default 1024, what the app asks SDXL and FLUX for). */
  imageSize?: number;
}

export function startFakeReplicate(behaviour: ReplicateBehaviour = {}, { imageSize = PROVIDER_IMAGE_SIZE }: FakeReplicateOptions = {}): FakeReplicate {
  let current = behaviour;
  const calls: ReplicateCall[] = [];
  const unexpected: string[] = [];
  const predictions = new Map<string, FakePrediction>();
  const images = new Map<string, Promise<Buffer>>();
  const releaseHangs = new Set<() => void>();
  let active = 0;
  let maxActive = 0;
  let origin = "";

  function hang(request: Request): Promise<Response> {
    return new Promise((resolve) => {
      const release = () => {
        releaseHangs.delete(release);
        resolve(new Response(null, { status: 499 }));
      };
      releaseHangs.add(release);
      request.signal.addEventListener("abort", release, { once: true });
    });
  }

  function failureResponse(outcome: Exclude<ReplicateOutcome, { type: "prediction" }>, request: Request): Promise<Response> | Response {
    switch (outcome.type) {
      case "rate-limit":
        return jsonResponse(
          429,
          { title: "Too Many Requests", detail: "Request was throttled.", status: 429 },
          outcome.retryAfterSeconds === undefined ? {} : { "retry-after": String(outcome.retryAfterSeconds) },
        );
      case "server-error":
        return jsonResponse(500, { title: "Internal Server Error", detail: "Something went wrong.", status: 500 });
      case "version-gone":
        return jsonResponse(422, {
          title: "Invalid version or not permitted",
          detail: "The specified version does not exist (or perhaps you don't have permission to use it?)",
          status: 422,
        });
      case "hang":
        return hang(request);
    }
  }

  function view(prediction: FakePrediction) {
    const done = prediction.status === "succeeded" || prediction.status === "failed";
    return {
      id: prediction.id,
      model: prediction.model,
      version: prediction.version,
      input: prediction.input,
      logs: "",
      output: prediction.status === "succeeded" ? [`${origin}/files/${prediction.id}.png`] : null,
      data_removed: false,
      error: prediction.status === "failed" ? (prediction.plan.fail ?? "failed") : null,
      status: prediction.status,
      created_at: prediction.createdAt,
      started_at: prediction.status === "starting" ? null : prediction.createdAt,
      completed_at: done ? new Date().toISOString() : null,
      metrics: done ? { predict_time: 0.5 + prediction.polls / 10 } : {},
      urls: {
        get: `${origin}/v1/predictions/${prediction.id}`,
        cancel: `${origin}/v1/predictions/${prediction.id}/cancel`,
      },
    };
  }

  function finish(prediction: FakePrediction): void {
    if (prediction.status === "succeeded" || prediction.status === "failed") return;
    prediction.status = prediction.plan.fail ? "failed" : "succeeded";
    active--;
  }

  async function create(request: Request, call: ReplicateCall): Promise<Response> {
    const body = (await request.json()) as { version?: string; input?: Record<string, unknown> };
    call.version = body.version ?? null;
    call.input = body.input ?? null;
    const validVersion = call.model !== null || (call.version !== null && /^[0-9a-f]{64}$/.test(call.version));
    const outcome: ReplicateOutcome = !validVersion ? { type: "version-gone" } : current.create ? await current.create(call) : { type: "prediction" };
    call.outcome = outcome.type;
    if (outcome.type !== "prediction") return failureResponse(outcome, request);
    const plan: PredictionPlan = { polls: outcome.polls, hold: outcome.hold, fail: outcome.fail, black: outcome.black };
    const prediction: FakePrediction = {
      id: `fake${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`,
      number: predictions.size + 1,
      model: call.model ?? MODEL_OF_VERSION.get(call.version ?? "") ?? "someone/some-model",
      version: call.version ?? FAKE_MODEL_VERSION,
      input: call.input ?? {},
      status: "starting",
      polls: 0,
      plan,
      held: Boolean(plan.hold),
      createdAt: new Date().toISOString(),
    };
    predictions.set(prediction.id, prediction);
    call.predictionId = prediction.id;
    active++;
    maxActive = Math.max(maxActive, active);
    return jsonResponse(201, view(prediction));
  }

  function poll(request: Request, call: ReplicateCall): Promise<Response> | Response {
    const prediction = predictions.get(call.predictionId ?? "");
    if (!prediction) return jsonResponse(404, { title: "Not found", detail: "Prediction not found.", status: 404 });
    const outcome = current.poll?.(call, prediction);
    if (outcome) {
      call.outcome = outcome.type;
      return failureResponse(outcome, request);
    }
    call.outcome = "ok";
    if (prediction.status === "starting" || prediction.status === "processing") {
      prediction.polls++;
      if (!prediction.held && prediction.polls > (prediction.plan.polls ?? 2)) finish(prediction);
      else prediction.status = "processing";
    }
    return jsonResponse(200, view(prediction));
  }

  async function download(call: ReplicateCall): Promise<Response> {
    const prediction = predictions.get(call.predictionId ?? "");
    if (!prediction || prediction.status !== "succeeded") return new Response("not found", { status: 404 });
    let image = images.get(prediction.id);
    if (!image) {
      image = prediction.plan.black ? makeBlackPng(imageSize) : makePicturePng(prediction.number, imageSize);
      images.set(prediction.id, image);
    }
    call.outcome = "ok";
    return new Response(new Uint8Array(await image), { headers: { "content-type": "image/png" } });
  }

  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    idleTimeout: 0,
    fetch(request) {
      const { pathname } = new URL(request.url);
      const call: ReplicateCall = {
        n: calls.length + 1,
        kind: "get",
        method: request.method,
        path: pathname,
        version: null,
        model: null,
        input: null,
        predictionId: null,
        authorization: request.headers.get("authorization"),
        receivedAt: Date.now(),
      };
      let match: RegExpMatchArray | null;
      if (request.method === "POST" && pathname === "/v1/predictions") {
        call.kind = "create";
      } else if (request.method === "POST" && (match = pathname.match(/^\/v1\/models\/([^/]+)\/([^/]+)\/predictions$/))) {
        call.kind = "create";
        call.model = `${match[1]}/${match[2]}`;
      } else if (request.method === "GET" && (match = pathname.match(/^\/v1\/predictions\/([^/]+)$/))) {
        call.kind = "get";
        call.predictionId = match[1]!;
      } else if (request.method === "GET" && (match = pathname.match(/^\/files\/([^/]+)\.png$/))) {
        call.kind = "download";
        call.predictionId = match[1]!;
      } else {
        unexpected.push(`${request.method} ${pathname}`);
        return jsonResponse(404, { title: "Not found", detail: `No route for ${request.method} ${pathname}`, status: 404 });
      }
      calls.push(call);
      const answer = call.kind === "create" ? create(request, call) : call.kind === "get" ? poll(request, call) : download(call);
      return Promise.resolve(answer).finally(() => {
        call.endedAt = Date.now();
      });
    },
  });
  origin = `http://127.0.0.1:${server.port}`;

  return {
    url: `${origin}/v1`,
    calls,
    predictions,
    unexpected,
    get predictionsCreated() {
      return predictions.size;
    },
    get active() {
      return active;
    },
    get maxActive() {
      return maxActive;
    },
    release(id) {
      const prediction = predictions.get(id);
      if (prediction) prediction.held = false;
    },
    setBehaviour(behaviour) {
      current = behaviour;
    },
    reset() {
      calls.length = 0;
      predictions.clear();
      images.clear();
      active = 0;
      maxActive = 0;
    },
    async stop() {
      for (const release of [...releaseHangs]) release();
      await server.stop(true);
    },
  };
}
