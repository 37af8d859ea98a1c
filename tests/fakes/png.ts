// Real PNGs for the fake providers: a distinct, non-blank picture per call number, or an all-black one.
import sharp from "sharp";

/** What real providers return; tests that never look at the pixels may ask for less to save CPU. */
export const PROVIDER_IMAGE_SIZE = 1024;

/** A hue per call so results from different calls are visibly (and byte-wise) different. */
export function colourForCall(n: number): { r: number; g: number; b: number } {
  const hue = (n * 47) % 360;
  const c = 200;
  const x = Math.round(c * (1 - Math.abs(((hue / 60) % 2) - 1)));
  const [r, g, b] = hue < 60 ? [c, x, 0] : hue < 120 ? [x, c, 0] : hue < 180 ? [0, c, x] : hue < 240 ? [0, x, c] : hue < 300 ? [x, 0, c] : [c, 0, x];
  return { r: r + 40, g: g + 40, b: b + 40 };
}

/**
 * A square PNG: a field in the call's colour (the top-left quarter is always plain field, so a test
 * can read the colour back) with a pale disc and a dark bar, so it is neither blank nor uniform.
 */
export async function makePicturePng(n: number, size = PROVIDER_IMAGE_SIZE): Promise<Buffer> {
  const { r, g, b } = colourForCall(n);
  const u = size / 1024;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">
    <rect width="100%" height="100%" fill="rgb(${r},${g},${b})"/>
    <circle cx="${(620 + (n % 5) * 40) * u}" cy="${560 * u}" r="${200 * u}" fill="rgb(245,240,225)"/>
    <rect x="${120 * u}" y="${820 * u}" width="${780 * u}" height="${120 * u}" fill="rgb(30,30,40)"/>
  </svg>`;
  return sharp(Buffer.from(svg)).png({ compressionLevel: 1 }).toBuffer();
}

/** What a provider's safety filter returns in place of a picture. */
export async function makeBlackPng(size = PROVIDER_IMAGE_SIZE): Promise<Buffer> {
  return sharp({ create: { width: size, height: size, channels: 3, background: { r: 0, g: 0, b: 0 } } })
    .png()
    .toBuffer();
}
