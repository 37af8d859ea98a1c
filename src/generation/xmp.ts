// The XMP packet embedded in every image file a render produces: what it shows, how it was made, where it
// lives in the gallery and under which licence, so the file keeps its provenance when it leaves the site.

export interface ImageProvenanceLabel {
  basePrompt: string;
  stylePhrase: string;
  modelLabel: string;
  modelVersion: string | null;
  seed: number | null;
  created: Date;
  /** The render's page in the gallery (BASE_URL + /r/:id). */
  galleryUrl: string;
  /** An SPDX licence id, e.g. CC0-1.0. */
  license: string;
  /** The provider's image carried C2PA Content Credentials, which re-encoding dropped. */
  sourceContentCredentials: boolean;
}

/** Our own namespace for what no standard schema names (style phrase, model, seed). */
export const GALLERY_XMP_NAMESPACE = "https://ai-gallery.dev/ns/render/1.0/";
/** IPTC's term for media made by a trained model from a prompt. */
const TRAINED_ALGORITHMIC_MEDIA = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";

const XML_ENTITIES: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" };

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => XML_ENTITIES[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
}

function altText(text: string): string {
  return `<rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(text)}</rdf:li></rdf:Alt>`;
}

export function renderXmp(label: ImageProvenanceLabel): string {
  const created = label.created.toISOString();
  const modelVersion = label.modelVersion ?? "";
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about=""',
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"',
    ' xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    ' xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/"',
    ' xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"',
    ` xmlns:aig="${GALLERY_XMP_NAMESPACE}"`,
    ` xmp:CreateDate="${created}"`,
    ` xmp:CreatorTool="${escapeXml(`${label.modelLabel}${modelVersion ? ` (${modelVersion})` : ""}`)}"`,
    ` xmpRights:WebStatement="${escapeXml(label.galleryUrl)}"`,
    ` Iptc4xmpExt:DigitalSourceType="${TRAINED_ALGORITHMIC_MEDIA}"`,
    ` aig:StylePhrase="${escapeXml(label.stylePhrase)}"`,
    ` aig:ModelLabel="${escapeXml(label.modelLabel)}"`,
    ` aig:ModelVersion="${escapeXml(modelVersion)}"`,
    ` aig:Seed="${label.seed ?? ""}"`,
    ` aig:License="${escapeXml(label.license)}"`,
    ` aig:SourceContentCredentials="${label.sourceContentCredentials ? "True" : "False"}">`,
    `<dc:title>${altText(label.basePrompt)}</dc:title>`,
    `<dc:description>${altText(`${label.basePrompt}, ${label.stylePhrase}`)}</dc:description>`,
    `<dc:source>${escapeXml(label.galleryUrl)}</dc:source>`,
    `<dc:rights>${altText(label.license)}</dc:rights>`,
    `<xmpRights:UsageTerms>${altText(`Licensed ${label.license}: ${label.galleryUrl}`)}</xmpRights:UsageTerms>`,
    "</rdf:Description>",
    "</rdf:RDF>",
    "</x:xmpmeta>",
    '<?xpacket end="w"?>',
  ].join("");
}
