// Finding C2PA Content Credentials where each format keeps them, in real encoded images; and not finding them
// in images without, or in an XMP packet or pixels that merely contain the word.
import { describe, expect, test } from "bun:test";
import sharp from "sharp";
import { hasContentCredentials } from "../../src/generation/content-credentials";
import { jpegWithManifest, pngWithManifest, webpWithManifest } from "../fakes/c2pa";

const picture = () => sharp({ create: { width: 64, height: 48, channels: 3, background: "#3a6ea5" } });
const MENTIONS_C2PA = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>jumb jumd c2pa caBX C2PA</dc:title></rdf:Description></rdf:RDF></x:xmpmeta>';

describe("hasContentCredentials", () => {
  test.each([
    ["png", () => picture().png().toBuffer(), pngWithManifest],
    ["jpeg", () => picture().jpeg().toBuffer(), jpegWithManifest],
    ["webp", () => picture().webp().toBuffer(), webpWithManifest],
  ] as const)("%s: found when the manifest store is there, not otherwise", async (_format, encode, embed) => {
    const plain = await encode();
    expect(hasContentCredentials(plain)).toBe(false);
    expect(hasContentCredentials(embed(plain))).toBe(true);
  });

  test("a PNG carrying the manifest still decodes to the same picture (the chunk is ancillary)", async () => {
    const plain = await picture().png().toBuffer();
    const pixels = async (bytes: Buffer) => (await sharp(bytes).raw().toBuffer()).toString("base64");
    expect(await pixels(pngWithManifest(plain))).toBe(await pixels(plain));
  });

  test("the words alone are not credentials: an XMP packet naming them, a truncated file, not an image", async () => {
    expect(hasContentCredentials(await picture().png().withXmp(MENTIONS_C2PA).toBuffer())).toBe(false);
    expect(hasContentCredentials(await picture().jpeg().withXmp(MENTIONS_C2PA).toBuffer())).toBe(false);
    expect(hasContentCredentials(pngWithManifest(await picture().png().toBuffer()).subarray(0, 40))).toBe(false);
    expect(hasContentCredentials(new TextEncoder().encode("jumb jumd c2pa caBX"))).toBe(false);
  });
});
