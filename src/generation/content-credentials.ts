// Whether a provider's image carries C2PA Content Credentials (OpenAI's do). Post-processing re-encodes every
// image from pixels, which cannot carry a manifest over, so the render records that its source had one.

const ascii = (bytes: Uint8Array, at: number, length: number) => String.fromCharCode(...bytes.subarray(at, at + length));

/** A JUMBF superbox (`jumb`) whose description box is labelled `c2pa`: the C2PA manifest store. */
function isManifestStore(box: Uint8Array): boolean {
  if (ascii(box, 4, 4) !== "jumb" || ascii(box, 12, 4) !== "jumd") return false;
  // jumd: size, type, 16-byte content-type UUID, toggles, then the NUL-terminated label.
  return ascii(box, 8 + 8 + 16 + 1, 4) === "c2pa";
}

/** PNG: the manifest store is the `caBX` chunk. */
function inPng(bytes: Uint8Array, view: DataView): boolean {
  for (let at = 8; at + 12 <= bytes.length; ) {
    const length = view.getUint32(at);
    const type = ascii(bytes, at + 4, 4);
    if (type === "caBX") return isManifestStore(bytes.subarray(at + 8, at + 8 + length));
    if (type === "IEND") return false;
    at += 12 + length;
  }
  return false;
}

/** JPEG: APP11 segments holding JUMBF (`JP` common identifier), before the image data starts. */
function inJpeg(bytes: Uint8Array, view: DataView): boolean {
  for (let at = 2; at + 4 <= bytes.length && bytes[at] === 0xff; ) {
    const marker = bytes[at + 1]!;
    if (marker === 0xda || marker === 0xd9) return false;
    const length = view.getUint16(at + 2);
    // APP11: length, "JP", box instance (2), packet sequence (4), then the box.
    if (marker === 0xeb && ascii(bytes, at + 4, 2) === "JP" && isManifestStore(bytes.subarray(at + 12, at + 2 + length))) return true;
    at += 2 + length;
  }
  return false;
}

/** WebP: a `C2PA` RIFF chunk. */
function inWebp(bytes: Uint8Array, view: DataView): boolean {
  for (let at = 12; at + 8 <= bytes.length; ) {
    const size = view.getUint32(at + 4, true);
    if (ascii(bytes, at, 4) === "C2PA") return isManifestStore(bytes.subarray(at + 8, at + 8 + size));
    at += 8 + size + (size % 2);
  }
  return false;
}

export function hasContentCredentials(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    if (bytes.length > 8 && view.getUint32(0) === 0x89504e47) return inPng(bytes, view);
    if (bytes.length > 4 && bytes[0] === 0xff && bytes[1] === 0xd8) return inJpeg(bytes, view);
    if (bytes.length > 12 && ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WEBP") return inWebp(bytes, view);
  } catch {
    // A truncated container: the image itself is judged by the decoder; there is no manifest to speak of.
  }
  return false;
}
