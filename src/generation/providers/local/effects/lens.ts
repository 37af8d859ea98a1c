// Lens and screen passes: bloom, blur, vignette, scanlines and chromatic fringes.
import { blankLike, copyOf, sharpOf, type Raster } from "../raster";

export async function bloom(raster: Raster, strength: number): Promise<Raster> {
  const { width, height, data } = raster;
  const small = Math.max(16, Math.round(width / 8));
  // Glow from a blurred eighth-size copy: far cheaper than a wide blur at full size.
  const glow = await sharpOf(raster)
    .resize(small, small, { kernel: "cubic" })
    .blur(3)
    .resize(width, height, { kernel: "cubic" })
    .raw()
    .toBuffer();
  const out = blankLike(raster);
  const target = out.data;
  for (let i = 0; i < data.length; i++) {
    let light = ((glow[i]! / 255 - 0.25) / 0.75) * strength;
    if (light < 0) light = 0;
    target[i] = 255 - (255 - data[i]!) * (1 - light);
  }
  return out;
}

export async function blur(raster: Raster, sigma: number): Promise<Raster> {
  const { width, height } = raster;
  const blurred = await sharpOf(raster)
    .blur(Math.max(0.3, sigma * (width / 1024)))
    .raw()
    .toBuffer();
  return { data: new Uint8ClampedArray(blurred.buffer, blurred.byteOffset, blurred.byteLength), width, height };
}

export function vignette(raster: Raster, strength: number): Raster {
  const { width, height, data } = raster;
  const out = blankLike(raster);
  const target = out.data;
  const cx = width / 2;
  const cy = height / 2;
  const invMax = 1 / Math.sqrt(cx * cx + cy * cy);
  for (let y = 0; y < height; y++) {
    const dy = y - cy;
    for (let x = 0; x < width; x++) {
      const dx = x - cx;
      const d = Math.sqrt(dx * dx + dy * dy) * invMax;
      const factor = d < 0.45 ? 1 : 1 - strength * (d - 0.45) * 1.6;
      const i = (y * width + x) * 3;
      target[i] = data[i]! * factor;
      target[i + 1] = data[i + 1]! * factor;
      target[i + 2] = data[i + 2]! * factor;
    }
  }
  return out;
}

export function scanlines(raster: Raster, strength: number): Raster {
  const { width, height } = raster;
  const out = copyOf(raster);
  const target = out.data;
  const period = Math.max(2, Math.round(4 * (width / 1024)));
  const factor = 1 - strength * 2;
  for (let y = 0; y < height; y += period) {
    for (let i = y * width * 3, end = (y + 1) * width * 3; i < end; i++) target[i] = target[i]! * factor;
  }
  return out;
}

export function chromaticShift(raster: Raster, offset: number): Raster {
  const { width, height, data } = raster;
  const out = blankLike(raster);
  const target = out.data;
  const shift = Math.max(1, Math.round(offset * (width / 1024)));
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const i = (row + x) * 3;
      target[i] = data[(row + (x + shift < width ? x + shift : width - 1)) * 3]!;
      target[i + 1] = data[i + 1]!;
      target[i + 2] = data[(row + (x >= shift ? x - shift : 0)) * 3 + 2]!;
    }
  }
  return out;
}
