// A C2PA manifest store (an empty JUMBF superbox labelled `c2pa`) placed where each format keeps it, as OpenAI's
// images carry one. Enough structure for a reader to find it; nothing is signed.

/** The C2PA manifest store's JUMBF content type, c2pa + 0011-0010-8000-00AA00389B71. */
const C2PA_STORE_UUID = [0x63, 0x32, 0x70, 0x61, 0x00, 0x11, 0x00, 0x10, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

function box(type: string, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + payload.length);
  new DataView(out.buffer).setUint32(0, out.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(payload, 8);
  return out;
}

export function manifestStore(): Uint8Array {
  const description = box("jumd", new Uint8Array([...C2PA_STORE_UUID, 0x03, ...new TextEncoder().encode("c2pa"), 0]));
  const claim = box("jumb", box("jumd", new Uint8Array([...C2PA_STORE_UUID, 0x03, ...new TextEncoder().encode("urn:uuid:fake-manifest"), 0])));
  return box("jumb", new Uint8Array([...description, ...claim]));
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The PNG with a `caBX` chunk right after IHDR. */
export function pngWithManifest(png: Uint8Array): Buffer {
  const data = manifestStore();
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  chunk.set(new TextEncoder().encode("caBX"), 4);
  chunk.set(data, 8);
  view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  const afterHeader = 8 + 12 + new DataView(png.buffer, png.byteOffset).getUint32(8);
  return Buffer.concat([png.subarray(0, afterHeader), chunk, png.subarray(afterHeader)]);
}

/** The JPEG with an APP11 JUMBF segment right after SOI. */
export function jpegWithManifest(jpeg: Uint8Array): Buffer {
  const data = manifestStore();
  const segment = new Uint8Array(4 + 8 + data.length);
  const view = new DataView(segment.buffer);
  view.setUint16(0, 0xffeb);
  view.setUint16(2, segment.length - 2);
  segment.set([0x4a, 0x50, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01], 4);
  segment.set(data, 12);
  return Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
}

/** The WebP with a `C2PA` chunk appended (RIFF size updated). */
export function webpWithManifest(webp: Uint8Array): Buffer {
  const data = manifestStore();
  const chunk = new Uint8Array(8 + data.length + (data.length % 2));
  new DataView(chunk.buffer).setUint32(4, data.length, true);
  chunk.set(new TextEncoder().encode("C2PA"), 0);
  chunk.set(data, 8);
  const out = Buffer.concat([webp, chunk]);
  out.writeUInt32LE(out.length - 8, 4);
  return out;
}
