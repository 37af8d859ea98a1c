// Alpine component `styleSearch`: style autocomplete from /styles, keyboard-navigable (CSP build: no inline expressions).
import Alpine from "@alpinejs/csp";

interface StyleSuggestion {
  phrase: string;
  slug: string;
  count: number;
  href: string;
  words: string[];
}

let stylesRequest: Promise<StyleSuggestion[]> | undefined;

function loadStyles(): Promise<StyleSuggestion[]> {
  stylesRequest ??= fetch("/styles", { headers: { accept: "application/json" } })
    .then((response) => (response.ok ? response.json() : { styles: [] }))
    .then((body: { styles: Omit<StyleSuggestion, "href" | "words">[] }) =>
      body.styles.map((style) => ({
        ...style,
        href: `/style/${encodeURIComponent(style.slug)}`,
        words: style.phrase.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean),
      })),
    )
    .catch(() => []);
  return stylesRequest;
}

/** Every typed word must prefix some word of the phrase, as the server's search does. */
function matchesQuery(style: StyleSuggestion, typed: string[]): boolean {
  return typed.every((word) => style.words.some((candidate) => candidate.startsWith(word)));
}

Alpine.data("styleSearch", () => ({
  styles: [] as StyleSuggestion[],
  matches: [] as StyleSuggestion[],
  active: -1,
  open: false,
  get expanded(): string {
    return String(this.open);
  },
  // Read inside x-for, where Alpine's scope adds `index` for the current option.
  get isActive(): string {
    return String((this as unknown as { index: number }).index === this.active);
  },
  get optionClass(): string {
    return (this as unknown as { index: number }).index === this.active ? "bg-white/10" : "";
  },
  async load() {
    if (this.styles.length === 0) this.styles = await loadStyles();
  },
  async update(event: Event) {
    await this.load();
    const typed = (event.target as HTMLInputElement).value.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    this.matches = typed.length === 0 ? [] : this.styles.filter((style) => matchesQuery(style, typed)).slice(0, 8);
    this.active = -1;
    this.open = this.matches.length > 0;
  },
  next() {
    if (!this.open) return;
    this.active = (this.active + 1) % this.matches.length;
  },
  previous() {
    if (!this.open) return;
    this.active = (this.active - 1 + this.matches.length) % this.matches.length;
  },
  choose(event: KeyboardEvent) {
    const chosen = this.matches[this.active];
    if (this.open && chosen) {
      event.preventDefault();
      window.location.assign(chosen.href);
    }
  },
  close() {
    this.open = false;
    this.active = -1;
  },
}));
