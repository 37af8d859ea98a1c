// Offline image-to-image: the result is the uploaded photo itself, restyled — its layout and colours survive, and the style shows.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { loadConfig } from "../../src/config";
import localProvider from "../../src/generation/providers/local-provider";
import { restylePhoto, type LocalModelKey } from "../../src/generation/providers/local";
import { SAMPLE_PHOTO_KINDS, samplePhoto, type SamplePhotoKind } from "../helpers/sample-photos";

const MODELS: LocalModelKey[] = ["local:paint", "local:sketch", "local:pixel"];
/** Styles whose look keeps a photo's colours; monochrome, night and leaded-glass styles recolour it on purpose. */
const COLOUR_STYLES = ["oil painting", "watercolor", "pixel art", "ukiyo-e woodblock print", "impressionist"];
/** Every kind of style, colour or not, must keep the photo's composition. */
const ALL_STYLES = [...COLOUR_STYLES, "pencil sketch", "neon cyberpunk", "stained glass", "film noir"];
const SIZE = 384;

const photos = new Map<SamplePhotoKind, Buffer>();
beforeAll(async () => {
  for (const kind of SAMPLE_PHOTO_KINDS) photos.set(kind, await samplePhoto(kind));
});

async function greyThumb(png: Buffer, edge: number): Promise<Uint8Array> {
  return new Uint8Array(await sharp(png).resize(edge, edge, { fit: "fill" }).greyscale().raw().toBuffer());
}

async function channelMeans(png: Buffer): Promise<number[]> {
  const { channels } = await sharp(png).removeAlpha().stats();
  return channels.slice(0, 3).map((channel) => channel.mean);
}

function pearson(a: Uint8Array, b: Uint8Array): number {
  let meanA = 0;
  let meanB = 0;
  for (let i = 0; i < a.length; i++) {
    meanA += a[i]!;
    meanB += b[i]!;
  }
  meanA /= a.length;
  meanB /= b.length;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]! - meanA;
    const y = b[i]! - meanB;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return ab / Math.sqrt(aa * bb);
}

function meanAbsoluteDifference(a: Uint8Array, b: Uint8Array): number {
  let total = 0;
  for (let i = 0; i < a.length; i++) total += Math.abs(a[i]! - b[i]!);
  return total / a.length;
}

function restyle(kind: SamplePhotoKind, stylePhrase: string, modelKey: LocalModelKey, strength = 0.6): Promise<Buffer> {
  return restylePhoto({ photo: photos.get(kind)!, stylePhrase, modelKey, size: SIZE, strength });
}

describe("restylePhoto", () => {
  for (const modelKey of MODELS) {
    test(`${modelKey}: every kind of photo keeps its composition (16×16 grey correlation ≥ 0.6) in every style`, async () => {
      const weak: string[] = [];
      for (const kind of SAMPLE_PHOTO_KINDS) {
        const before = await greyThumb(photos.get(kind)!, 16);
        for (const stylePhrase of ALL_STYLES) {
          const r = pearson(before, await greyThumb(await restyle(kind, stylePhrase, modelKey), 16));
          if (!(r >= 0.6)) weak.push(`${kind} in ${stylePhrase}: r=${r.toFixed(2)}`);
        }
      }
      expect(weak).toEqual([]);
    });

    test(`${modelKey}: colour styles keep the photo's colours (each channel's mean within 48 of 255)`, async () => {
      const drifted: string[] = [];
      for (const kind of SAMPLE_PHOTO_KINDS) {
        const before = await channelMeans(photos.get(kind)!);
        for (const stylePhrase of COLOUR_STYLES) {
          const after = await channelMeans(await restyle(kind, stylePhrase, modelKey));
          const worst = Math.max(...after.map((mean, c) => Math.abs(mean - before[c]!)));
          if (worst > 48) drifted.push(`${kind} in ${stylePhrase}: ${before.map((m) => m.toFixed(0))} → ${after.map((m) => m.toFixed(0))}`);
        }
      }
      expect(drifted).toEqual([]);
    });

    test(`${modelKey}: the style shows — two styles on the same photo differ, and neither is the photo unchanged`, async () => {
      for (const kind of SAMPLE_PHOTO_KINDS) {
        const photo = await greyThumb(photos.get(kind)!, 64);
        const oil = await greyThumb(await restyle(kind, "oil painting", modelKey), 64);
        const pencil = await greyThumb(await restyle(kind, "pencil sketch", modelKey), 64);
        const glass = await greyThumb(await restyle(kind, "stained glass", modelKey), 64);
        expect({ kind, differs: meanAbsoluteDifference(oil, glass) > 4 }).toEqual({ kind, differs: true });
        expect({ kind, differs: meanAbsoluteDifference(oil, pencil) > 4 }).toEqual({ kind, differs: true });
        expect({ kind, changed: meanAbsoluteDifference(photo, oil) > 3 }).toEqual({ kind, changed: true });
      }
    });
  }

  test("colour styles differ in colour, not only in texture: watercolor and neon cyberpunk give different means", async () => {
    for (const modelKey of MODELS) {
      const water = await channelMeans(await restyle("landscape", "watercolor", modelKey));
      const neon = await channelMeans(await restyle("landscape", "neon cyberpunk", modelKey));
      const gap = Math.max(...water.map((mean, c) => Math.abs(mean - neon[c]!)));
      expect({ modelKey, gap: gap > 8 }).toEqual({ modelKey, gap: true });
    }
  });

  test("is deterministic and honours the size it is given", async () => {
    const first = await restylePhoto({ photo: photos.get("portrait")!, stylePhrase: "watercolor", modelKey: "local:sketch", size: 200, strength: 0.6 });
    const second = await restylePhoto({ photo: photos.get("portrait")!, stylePhrase: "watercolor", modelKey: "local:sketch", size: 200, strength: 0.6 });
    expect(first.equals(second)).toBe(true);
    const meta = await sharp(first).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["png", 200, 200]);
  });

  test("a higher strength takes more of the style's palette but still keeps the photo", async () => {
    const before = await greyThumb(photos.get("landscape")!, 16);
    const gentle = await restyle("landscape", "neon cyberpunk", "local:paint", 0.1);
    const strong = await restyle("landscape", "neon cyberpunk", "local:paint", 1);
    const photoMeans = await channelMeans(photos.get("landscape")!);
    const drift = async (png: Buffer) => {
      const means = await channelMeans(png);
      return means.reduce((sum, mean, c) => sum + Math.abs(mean - photoMeans[c]!), 0);
    };
    expect(await drift(strong)).toBeGreaterThan(await drift(gentle));
    expect(pearson(before, await greyThumb(strong, 16))).toBeGreaterThanOrEqual(0.6);
  });
});

describe("local provider image-to-image", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "local-restyle-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test("restyles the uploaded file: a portrait in oil painting comes back as that portrait", async () => {
    const provider = await localProvider.create({ enabled: true }, { timeoutMs: 10_000, pollIntervalMs: 100 });
    const model = loadConfig({ NODE_ENV: "test" }).models.find("local:paint")!;
    const job = { renderId: "r1", modelKey: "local:paint", model, size: "1024x1024", basePrompt: "my photo", stylePhrase: "oil painting", effectivePrompt: "my photo, oil painting", inputImage: photos.get("portrait")!, strength: 0.6 };
    const hooks = { onProviderJobId() {}, signal: new AbortController().signal };
    const { image, metadata } = await provider.generate(job, hooks);
    expect(metadata).toMatchObject({ provider: "local", model: "local:paint", strength: 0.6 });
    expect(pearson(await greyThumb(photos.get("portrait")!, 16), await greyThumb(image, 16))).toBeGreaterThanOrEqual(0.6);
    const drawing = await provider.generate({ ...job, inputImage: null }, hooks);
    expect(pearson(await greyThumb(photos.get("portrait")!, 16), await greyThumb(drawing.image, 16))).toBeLessThan(0.6);
  });
});
