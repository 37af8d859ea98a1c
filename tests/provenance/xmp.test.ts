// Files people take away carry their provenance: the web image, the full-resolution download and every image
// in the library ZIP embed XMP (read back with exifr), and a restyled upload keeps nothing of the photo's own metadata.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import * as exifr from "exifr";
import sharp from "sharp";
import { hasContentCredentials } from "../../src/generation/content-credentials";
import { pinnedVersion, readRender, startGenerationHarness, TEST_MODELS, type GenerationHarness } from "../helpers/generation";
import { signIn } from "../helpers/sign-in";
import { readZip } from "../helpers/zip";

let h: GenerationHarness;
let cookie: string;
let userId: number;

beforeAll(async () => {
  h = startGenerationHarness({ env: { LICENSE_SPDX: "CC-BY-4.0", UNLOCK_THRESHOLD_CENTS: "0" } });
  ({ cookie, userId } = await signIn(h.engine, "collector@example.com"));
});
afterAll(() => h.stop());

interface GalleryXmp {
  title: string;
  description: string;
  source: string;
  rights: string;
  createDate: string;
  stylePhrase: string;
  modelLabel: string;
  modelVersion: string;
  seed: string;
  license: string;
  webStatement: string;
  sourceContentCredentials: string;
}

/** The XMP packet in the file's bytes (a WebP `XMP ` chunk), parsed by exifr; exifr leaves XML entities as written. */
async function readXmp(file: Uint8Array): Promise<GalleryXmp> {
  const { xmp } = await sharp(file).metadata();
  expect(xmp).toBeDefined();
  const parsed = ((await exifr.sidecar(xmp!, { mergeOutput: false }, "xmp")) ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const text = (value: unknown) =>
    String(typeof value === "object" && value !== null && "value" in value ? value.value : (value ?? ""))
      .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
  return {
    title: text(parsed.dc?.title),
    description: text(parsed.dc?.description),
    source: text(parsed.dc?.source),
    rights: text(parsed.dc?.rights),
    createDate: text(parsed.xmp?.CreateDate),
    webStatement: text(parsed.xmpRights?.WebStatement),
    stylePhrase: text(parsed.aig?.StylePhrase),
    modelLabel: text(parsed.aig?.ModelLabel),
    modelVersion: text(parsed.aig?.ModelVersion),
    seed: text(parsed.aig?.Seed),
    license: text(parsed.aig?.License),
    sourceContentCredentials: text(parsed.aig?.SourceContentCredentials),
  };
}

async function bytesOf(response: Response): Promise<Uint8Array> {
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

function post(path: string, body: object) {
  return h.engine.request(path, {
    method: "POST",
    headers: { cookie, origin: "http://localhost", "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
  });
}

function grantCredits(amount: number): void {
  h.engine.sqlite.query("INSERT INTO credit_ledger (user_id, delta, reason) VALUES (?, ?, 'test_grant')").run(userId, amount);
}

async function renderDone(response: Response): Promise<string> {
  expect(response.status).toBe(200);
  const id = ((await response.json()) as { renders: { id: string }[] }).renders[0]!.id;
  await h.engine.waitForStatus([id], ["done"]);
  return id;
}

function provenanceOf(id: string): { model_version: string | null; seed: number | null; source_content_credentials?: boolean; timings: { started_at: string; completed_at: string } } {
  return JSON.parse((h.engine.sqlite.query("SELECT provenance FROM renders WHERE id = ?").get(id) as { provenance: string }).provenance);
}

describe("XMP provenance", () => {
  test("the web image, the full-resolution download and the library ZIP entry all carry prompt, style, model, version, seed, date, URL and licence", async () => {
    grantCredits(50);
    const id = await renderDone(await post("/matrix", { base_prompts: ['a fox & a "hound" <3'], style_phrases: ["ukiyo-e woodblock"], model_keys: [TEST_MODELS.fluxSchnell] }));
    const render = readRender(h.engine.sqlite, id);
    const provenance = provenanceOf(id);
    expect(provenance.seed).toBeNumber();
    expect(provenance.model_version).toBeString();

    const expected = {
      title: 'a fox & a "hound" <3',
      description: 'a fox & a "hound" <3, ukiyo-e woodblock',
      stylePhrase: "ukiyo-e woodblock",
      modelLabel: "FLUX.1 [schnell]",
      modelVersion: provenance.model_version!,
      seed: String(provenance.seed),
      source: `${h.engine.config.baseUrl}/r/${id}`,
      webStatement: `${h.engine.config.baseUrl}/r/${id}`,
      license: "CC-BY-4.0",
      rights: "CC-BY-4.0",
      sourceContentCredentials: "false",
    };
    expect(provenance.source_content_credentials).toBe(false);

    const web = await bytesOf(await h.engine.request(render.image_path!));
    const download = await bytesOf(await h.engine.request(`/r/${id}/download`, { headers: { cookie } }));
    const zip = readZip(await bytesOf(await h.engine.request("/library.zip", { headers: { cookie } })));
    const entry = [...zip.entries()].find(([name]) => name.includes(id));
    expect(entry).toBeDefined();
    expect(new TextDecoder().decode(zip.get("LICENSE"))).toContain("CC-BY-4.0");

    for (const file of [web, download, entry![1]]) {
      const xmp = await readXmp(file);
      expect(xmp).toMatchObject(expected);
      // Stamped by the Worker once the provider answered, before the render was recorded as done.
      expect(Date.parse(xmp.createDate)).toBeGreaterThanOrEqual(Date.parse(provenance.timings.started_at));
      expect(Date.parse(xmp.createDate)).toBeLessThanOrEqual(Date.parse(provenance.timings.completed_at));
    }
    expect(Buffer.from(download).equals(Buffer.from(web))).toBe(false);
    expect(Buffer.from(entry![1]).equals(Buffer.from(download))).toBe(true);
    // Thumbnails stay small: no XMP in them.
    expect((await sharp(await bytesOf(await h.engine.request(render.thumb_path!))).metadata()).xmp).toBeUndefined();
  });

  test("OpenAI's image carried C2PA Content Credentials: the render records it, its files say so, and hold no manifest", async () => {
    grantCredits(10);
    const id = await renderDone(await post("/matrix", { base_prompts: ["a lighthouse"], style_phrases: ["linocut"], model_keys: [TEST_MODELS.gptImage2] }));
    const render = readRender(h.engine.sqlite, id);
    expect(provenanceOf(id).source_content_credentials).toBe(true);
    const shown = (await (await h.engine.request(`/render/${id}`, { headers: { cookie, accept: "application/json" } })).json()) as { provenance: { source_content_credentials: boolean } };
    expect(shown.provenance.source_content_credentials).toBe(true);
    const page = await h.engine.request(`/r/${id}`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`snapshot ${pinnedVersion(TEST_MODELS.gptImage2)} · source image carried C2PA Content Credentials`);
    for (const file of [await bytesOf(await h.engine.request(render.image_path!)), await bytesOf(await h.engine.request(`/r/${id}/download`, { headers: { cookie } }))]) {
      expect(await readXmp(file)).toMatchObject({ modelLabel: "GPT Image 2", title: "a lighthouse", stylePhrase: "linocut", sourceContentCredentials: "true" });
      expect(hasContentCredentials(file)).toBe(false);
    }
  });

  test("a photo with GPS EXIF and its own XMP, restyled: the stored upload and every render file keep nothing of it", async () => {
    grantCredits(5);
    const photo = await sharp({ create: { width: 300, height: 200, channels: 3, background: "#4a7b35" } })
      .jpeg()
      .withExif({ IFD0: { Make: "SpyCam", Artist: "Jane Private" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "51/1 30/1 0/1", GPSLongitudeRef: "W", GPSLongitude: "0/1 7/1 0/1" } })
      .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>Jane Private</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>')
      .toBuffer();
    expect(await exifr.gps(photo)).toMatchObject({ latitude: 51.5 });

    const form = new FormData();
    form.append("file", new File([photo as BlobPart], "holiday.jpg", { type: "image/jpeg" }));
    const uploaded = await h.engine.request("/upload", { method: "POST", body: form, headers: { cookie, origin: "http://localhost", accept: "application/json" } });
    expect(uploaded.status).toBe(200);
    const { upload_id } = (await uploaded.json()) as { upload_id: string };
    const id = await renderDone(await post("/apply-style", { upload_id, style_phrase: "oil painting", model_keys: ["local:paint"] }));
    const render = readRender(h.engine.sqlite, id);

    const files = [
      // The stored upload (what the owner sees again, and what a provider is sent).
      await bytesOf(await h.engine.request(`/uploads/${upload_id}`, { headers: { cookie } })),
      await bytesOf(await h.engine.request(render.image_path!, { headers: { cookie } })),
      // The owner downloads the full-resolution original of their own (private) render.
      await bytesOf(await h.engine.request(`/r/${id}/download`, { headers: { cookie } })),
      await bytesOf(await h.engine.request(render.thumb_path!, { headers: { cookie } })),
    ];
    for (const file of files) {
      const metadata = await sharp(file).metadata();
      expect(metadata.exif).toBeUndefined();
      expect(metadata.iptc).toBeUndefined();
      expect(metadata.xmpAsString ?? "").not.toContain("Jane Private");
      expect(Buffer.from(file).includes("Jane Private")).toBe(false);
      expect(Buffer.from(file).includes("SpyCam")).toBe(false);
    }
    for (const file of files.slice(1, 3)) {
      expect(await readXmp(file)).toMatchObject({ stylePhrase: "oil painting", modelLabel: "Local Paint", license: "CC-BY-4.0", source: `${h.engine.config.baseUrl}/r/${id}` });
    }
  });
});
