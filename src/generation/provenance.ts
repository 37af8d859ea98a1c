// How a render was made, recorded when it completes: shown on /r/:id and in GET /render/:id.

export interface RenderProvenance {
  provider: string;
  model_key: string;
  model_label: string;
  /** The provider's id for the model (OpenAI model name, Replicate owner/name). */
  model_id: string;
  /** The pinned version that ran: OpenAI snapshot, Replicate version hash, local drawing version. */
  model_version: string | null;
  /** The prompt sent to the provider. */
  effective_prompt: string;
  size: string;
  seed: number | null;
  /** Image-to-image only: how far the result may depart from the photo. */
  strength: number | null;
  /** The provider's id for the call (OpenAI request id, Replicate prediction id). */
  request_id: string | null;
  /** The provider's image carried C2PA Content Credentials; the stored files do not (absent on older renders). */
  source_content_credentials?: boolean;
  timings: {
    queued_at: string;
    started_at: string;
    completed_at: string;
    provider_ms: number;
    postprocess_ms: number;
  };
}
