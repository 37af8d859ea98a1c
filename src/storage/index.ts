// Where stored images and uploads live: the store chosen by config, and the key names every caller uses.
import { createDiskStore } from "./disk";
import type { ImageStore, StoreConfig } from "./store";

export * from "./keys";
export * from "./store";

export function createImageStore(config: StoreConfig): ImageStore {
  switch (config.kind) {
    case "disk":
      return createDiskStore(config.root);
  }
}
