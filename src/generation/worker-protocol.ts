// Messages between the pool (main thread) and a generation Worker; plain data only.
import type { StoreConfig } from "../storage/store";
import type { CommonProviderSettings, GenerationJob } from "./providers/types";
import type { ProcessedImage } from "./render-files";
import type { StyleFeatures } from "./style-features";

export interface RunJobMessage {
  type: "run";
  /** The input photo travels as its storage key; the Worker reads the bytes itself. */
  job: Omit<GenerationJob, "inputImage">;
  inputImageKey: string | null;
  /** The provider record's module (its default export) and the settings its `configure` returned. */
  provider: { module: string; settings: object };
  common: CommonProviderSettings;
  /** The Worker builds its own store from these settings (a store object cannot cross threads). */
  store: StoreConfig;
  /** What every file's XMP names besides the job itself: BASE_URL (for the render's page) and the licence. */
  fileLabel: FileLabelSettings;
}

export interface FileLabelSettings {
  baseUrl: string;
  /** An SPDX id (LICENSE_SPDX). */
  license: string;
}

/** What the provider reported beyond the image, and how long each stage took. */
export interface RunReport {
  seed: number | null;
  requestId: string | null;
  version: string | null;
  /** The provider's image carried C2PA Content Credentials (dropped by re-encoding; see content-credentials.ts). */
  sourceContentCredentials: boolean;
  providerMs: number;
  postprocessMs: number;
}

export type WorkerReply =
  | { type: "provider-job"; renderId: string; providerJobId: string }
  | { type: "done"; renderId: string; image: ProcessedImage; features: StyleFeatures; metadata: Record<string, unknown>; report: RunReport }
  | {
      type: "failed";
      renderId: string;
      kind: "transient" | "permanent";
      message: string;
      retryAfterMs?: number;
      safety?: boolean;
      discardProviderJob?: boolean;
      modelUnavailable?: boolean;
    };
