// Stand-in photos made with sharp, one per kind a restyle must keep: hard shapes, soft gradients, a portrait, a landscape.
import sharp from "sharp";

const EDGE = 640;

function svgPhoto(body: string): Promise<Buffer> {
  return sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${EDGE}" height="${EDGE}">${body}</svg>`))
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** Saturated flat shapes with hard edges on a light ground. */
function highContrast(): Promise<Buffer> {
  return svgPhoto(
    `<rect width="640" height="640" fill="#f2e6c8"/><rect x="60" y="80" width="220" height="260" fill="#c8201e"/>` +
      `<circle cx="440" cy="220" r="130" fill="#1f4fb8"/><rect x="0" y="470" width="640" height="90" fill="#111111"/>` +
      `<polygon points="320,600 420,380 520,600" fill="#f0c020"/>`,
  );
}

/** A plasma: nothing but smooth colour fields, the kind of photo edge-led styles used to lose. */
async function softGradients(): Promise<Buffer> {
  const data = Buffer.alloc(EDGE * EDGE * 3);
  for (let y = 0; y < EDGE; y++) {
    for (let x = 0; x < EDGE; x++) {
      const u = x / EDGE;
      const v = y / EDGE;
      const wave = Math.sin(u * 5.1 + v * 1.7) + Math.sin(v * 4.3 - u * 2.2) + Math.sin((u + v) * 3.1);
      const i = (y * EDGE + x) * 3;
      data[i] = 128 + 110 * Math.sin(wave * 1.1);
      data[i + 1] = 110 + 90 * Math.sin(wave * 1.1 + 2.1) * (1 - v * 0.5);
      data[i + 2] = 140 + 100 * Math.cos(wave * 0.9 + u * 2);
    }
  }
  return sharp(data, { raw: { width: EDGE, height: EDGE, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}

/** A head-and-shoulders layout: a skin-tone oval under dark hair, before a blurred teal backdrop. */
function portrait(): Promise<Buffer> {
  return svgPhoto(
    `<defs><radialGradient id="bg" cx="0.5" cy="0.4" r="0.8"><stop offset="0" stop-color="#7fb3b0"/><stop offset="1" stop-color="#2e5d63"/></radialGradient>` +
      `<radialGradient id="skin" cx="0.4" cy="0.35" r="0.75"><stop offset="0" stop-color="#f3c9a6"/><stop offset="1" stop-color="#c98e6a"/></radialGradient></defs>` +
      `<rect width="640" height="640" fill="url(#bg)"/><path d="M120 640C130 520 220 470 320 470C420 470 510 520 520 640Z" fill="#3b3f6b"/>` +
      `<ellipse cx="320" cy="250" rx="150" ry="170" fill="#3a2418"/><ellipse cx="320" cy="290" rx="120" ry="155" fill="url(#skin)"/>` +
      `<rect x="290" y="420" width="60" height="60" fill="#d9a07c"/>`,
  );
}

/** Sky over hills, soft at the horizon: the most common holiday photo. */
function landscape(): Promise<Buffer> {
  return svgPhoto(
    `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#3d7fd1"/><stop offset="1" stop-color="#cfe6f7"/></linearGradient>` +
      `<linearGradient id="hill" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#6aa84f"/><stop offset="1" stop-color="#2f5e24"/></linearGradient></defs>` +
      `<rect width="640" height="640" fill="url(#sky)"/><circle cx="470" cy="140" r="50" fill="#fff3c0"/>` +
      `<path d="M0 380C160 300 300 360 420 330C520 305 600 340 640 330V640H0Z" fill="url(#hill)"/>`,
  );
}

export const SAMPLE_PHOTO_KINDS = ["high contrast", "soft gradients", "portrait", "landscape"] as const;
export type SamplePhotoKind = (typeof SAMPLE_PHOTO_KINDS)[number];

export function samplePhoto(kind: SamplePhotoKind): Promise<Buffer> {
  switch (kind) {
    case "high contrast":
      return highContrast();
    case "soft gradients":
      return softGradients();
    case "portrait":
      return portrait();
    case "landscape":
      return landscape();
  }
}
