// Where stored images and uploads live: the store chosen by config, and the key names every caller uses.
import { createDiskStore } from "./disk";
import { createS3Store } from "./s3";
import type { ImageStore, StoreConfig } from "./store";

export * from "./keys";
export * from "./store";

export function createImageStore(config: StoreConfig): ImageStore {
  switch (config.kind) {
    case "disk":
      return createDiskStore(config.root);
    case "s3":
      return createS3Store(config);
  }
}
