// Style naming, shared by the studio and the generator: how a phrase is stored, its URL slug, and the length caps.
const MAX_SLUG_LENGTH = 80;

/** The same caps on every route that takes a style phrase or a base prompt. */
export const STYLE_PHRASE_MAX_LENGTH = 120;
export const BASE_PROMPT_MAX_LENGTH = 400;

export function slugifyStyle(phrase: string): string {
  const slug = phrase
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/, "");
  // A phrase of only symbols still needs a distinct, stable name.
  return slug || `style-${Bun.hash(phrase).toString(36)}`;
}

/** Style phrases are stored trimmed with inner whitespace collapsed, so "Oil  painting " and "Oil painting" are one style. */
export function normaliseStylePhrase(phrase: string): string {
  return phrase.normalize("NFC").replace(/\s+/g, " ").trim();
}

/**
 * A no-style baseline is a render of the bare base prompt, kept only to measure what style phrases do (style
 * strength): its phrase and slug are empty, it is private and owned by nobody, so no page, search or download shows it.
 */
export const BASELINE_STYLE_SLUG = "";
