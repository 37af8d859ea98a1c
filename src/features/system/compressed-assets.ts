// Built assets held in memory once per content version, with their br and gzip forms made on first request.
import { chooseEncoding, compress, isCompressibleType, MIN_COMPRESSIBLE_BYTES } from "../../http/compression";

interface AssetVariants {
  mtimeMs: number;
  identity: Uint8Array<ArrayBuffer>;
  br?: Uint8Array<ArrayBuffer>;
  gzip?: Uint8Array<ArrayBuffer>;
}

const assets = new Map<string, AssetVariants>();

/** The asset's bytes in the encoding the request accepts; null when the file is not built. */
export async function readCompressedAsset(
  path: string,
  contentType: string,
  acceptEncoding: string | null,
): Promise<{ body: Uint8Array<ArrayBuffer>; encoding?: "br" | "gzip" } | null> {
  const file = Bun.file(path);
  if (!(await file.exists())) return null;
  // The modification time is checked so `bun --hot` with a rebuilt bundle serves the new bytes.
  const mtimeMs = file.lastModified;
  let variants = assets.get(path);
  if (!variants || variants.mtimeMs !== mtimeMs) {
    variants = { mtimeMs, identity: new Uint8Array(await file.arrayBuffer()) };
    assets.set(path, variants);
  }
  const encoding = chooseEncoding(acceptEncoding);
  if (encoding === "identity" || !isCompressibleType(contentType) || variants.identity.byteLength < MIN_COMPRESSIBLE_BYTES) {
    return { body: variants.identity };
  }
  variants[encoding] ??= compress(variants.identity, encoding);
  return { body: variants[encoding]!, encoding };
}
