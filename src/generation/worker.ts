// A generation Worker: calls the provider, checks the result, post-processes it with sharp and reports back.
// It never touches the database; the main thread records every outcome.
import { createImageStore, StoredObjectNotFoundError, type ImageStore } from "../storage";
import { hasContentCredentials } from "./content-credentials";
import { postprocessImage } from "./postprocess";
import { findProvider } from "./providers/registry";
import { ProviderError, type ProviderDefinition } from "./providers/types";
import { writeRenderImages } from "./render-files";
import type { RunJobMessage, WorkerReply } from "./worker-protocol";
import { renderXmp } from "./xmp";

declare const self: Worker;

function reply(message: WorkerReply): void {
  self.postMessage(message);
}

async function readInput(store: ImageStore, key: string | null): Promise<Buffer | null> {
  if (!key) return null;
  try {
    return Buffer.from(await store.read(key));
  } catch (error) {
    if (error instanceof StoredObjectNotFoundError) throw new ProviderError("permanent", "The uploaded photo is no longer stored.");
    throw error;
  }
}

async function run({ job, inputImageKey, provider: record, common, store: storeConfig, fileLabel }: RunJobMessage): Promise<void> {
  const signal = AbortSignal.timeout(common.timeoutMs);
  try {
    if (inputImageKey && !job.model.capabilities.image_to_image) throw new ProviderError("permanent", "This model cannot restyle a photo.");
    // Built-in providers come from the registry: in the server bundle their `module` is a bundle chunk's URL, not
    // their own file. A provider registered at run time (a test's fixture) is loaded by its module.
    const definition = findProvider(job.model.provider) ?? ((await import(record.module)) as { default: ProviderDefinition }).default;
    const provider = await definition.create(record.settings, common);
    const store = createImageStore(storeConfig);
    const inputImage = await readInput(store, inputImageKey);
    const started = performance.now();
    const output = await provider.generate({ ...job, inputImage }, {
      signal,
      onProviderJobId: (providerJobId) => reply({ type: "provider-job", renderId: job.renderId, providerJobId }),
    });
    const generated = performance.now();
    const created = new Date();
    const sourceContentCredentials = hasContentCredentials(output.image);
    const xmp = renderXmp({
      basePrompt: job.basePrompt,
      stylePhrase: job.stylePhrase,
      modelLabel: job.model.label,
      // As the render's provenance records it.
      modelVersion: output.version ?? job.model.version ?? null,
      seed: output.seed ?? null,
      created,
      galleryUrl: `${fileLabel.baseUrl}/r/${job.renderId}`,
      license: fileLabel.license,
      sourceContentCredentials,
    });
    let images;
    try {
      images = await postprocessImage(output.image, { xmp });
    } catch {
      throw new ProviderError("transient", "The provider returned an image that could not be read.");
    }
    if (images.blank) {
      throw new ProviderError("permanent", "The provider returned a blank (all black) image, which means its safety filter removed it.", { safety: true });
    }
    const image = await writeRenderImages(store, job.renderId, images, created);
    const report = {
      seed: output.seed ?? null,
      requestId: output.requestId ?? null,
      version: output.version ?? null,
      sourceContentCredentials,
      providerMs: Math.round(generated - started),
      postprocessMs: Math.round(performance.now() - generated),
    };
    reply({ type: "done", renderId: job.renderId, image, features: images.features, metadata: output.metadata, report });
  } catch (error) {
    const failure = signal.aborted
      ? new ProviderError("transient", `The provider did not answer within ${Math.round(common.timeoutMs / 1000)} s.`)
      : error instanceof ProviderError
        ? error
        : new ProviderError("transient", error instanceof Error ? error.message : String(error));
    reply({ type: "failed", renderId: job.renderId, kind: failure.kind, message: failure.message, ...failure.options });
  }
}

self.onmessage = (event: MessageEvent<RunJobMessage>) => {
  if (event.data.type === "run") void run(event.data);
};
