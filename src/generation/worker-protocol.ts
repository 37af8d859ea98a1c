// Messages between the pool (main thread) and a generation Worker; plain data only.
import type { ProcessedImage } from "./postprocess";
import type { GenerationJob, ProviderSettings } from "./providers/types";

export interface RunJobMessage {
  type: "run";
  job: GenerationJob;
  settings: ProviderSettings;
  imagesDir: string;
}

export type WorkerReply =
  | { type: "provider-job"; renderId: string; providerJobId: string }
  | { type: "done"; renderId: string; image: ProcessedImage; metadata: Record<string, unknown> }
  | {
      type: "failed";
      renderId: string;
      kind: "transient" | "permanent";
      message: string;
      retryAfterMs?: number;
      safety?: boolean;
      discardProviderJob?: boolean;
    };
