// The one page layout: head, header with search, main content and footer; identical bytes for every visitor.
import type { Children } from "@kitajs/html";
import { assetUrl } from "./assets";
import { absoluteUrl } from "./site-origin";
import { SocialCardTags, type SocialCard } from "./social-card";

const NAV_LINK = "rounded-md px-3 py-2 text-neutral-300 hover:bg-white/5 hover:text-white focus-visible:outline-2 focus-visible:outline-amber-300";
const MENU_LINK = "block rounded-lg px-3 py-2.5 text-neutral-200 hover:bg-white/10 focus-visible:outline-2 focus-visible:outline-amber-300";

export interface LayoutProps {
  title: string;
  description?: string;
  /** The canonical path of this page, for the permalink tag. */
  path?: string;
  query?: string;
  /** The preview a shared link shows (Open Graph and Twitter tags). */
  card?: SocialCard;
  children: Children;
}

/** Pages are plain strings: no component here is async, so a Promise would be a bug. */
export function htmlPage(element: JSX.Element): string {
  if (typeof element !== "string") throw new Error("page rendered asynchronously; pages must be synchronous");
  return element;
}

export function Layout({ title, description, path, query, card, children }: LayoutProps): string {
  return (
    "<!doctype html>" +
    htmlPage(
      <html lang="en" class="h-full">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title safe>{title === "AI Gallery" ? title : `${title} · AI Gallery`}</title>
          <meta name="description" content={description ?? "Explore how style phrases and image models shape an AI image."} />
          {path ? <link rel="canonical" href={absoluteUrl(path)} /> : ""}
          {card ? <SocialCardTags card={card} /> : ""}
          <link rel="icon" href={assetUrl("favicon.svg")} type="image/svg+xml" />
          <link rel="stylesheet" href={assetUrl("app.css")} />
          <script src={assetUrl("app.js")} data-alpine-src={assetUrl("alpine.js")} defer></script>
        </head>
        <body class="min-h-full bg-neutral-950 text-neutral-100 antialiased">
          <a href="#main" class="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-neutral-900">
            Skip to content
          </a>
          <header class="sticky top-0 z-40 border-b border-white/10 bg-neutral-950/85 backdrop-blur">
            <div class="mx-auto flex max-w-7xl items-center gap-3 px-4 py-3 sm:gap-6">
              <a href="/" aria-label="AI Gallery home" class="flex shrink-0 items-center gap-2 rounded font-semibold tracking-tight focus-visible:outline-2 focus-visible:outline-amber-300">
                <span aria-hidden="true" class="grid size-7 grid-cols-2 gap-0.5 overflow-hidden rounded-md">
                  <span class="bg-amber-400"></span>
                  <span class="bg-rose-500"></span>
                  <span class="bg-sky-500"></span>
                  <span class="bg-emerald-400"></span>
                </span>
                <span class="hidden sm:inline">AI Gallery</span>
              </a>
              <SearchBox query={query} compact />
              {/* Sign-in state comes from /me after load, so this page stays the same bytes for everyone. */}
              <nav aria-label="Main" class="flex shrink-0 items-center gap-1 text-sm">
                <a href="/explore" class={`hidden sm:inline-block ${NAV_LINK}`}>
                  Styles
                </a>
                <a href="/pricing" class={`hidden sm:inline-block ${NAV_LINK}`}>
                  Pricing
                </a>
                <a href="/studio" class={`hidden sm:inline-block ${NAV_LINK}`}>
                  Studio
                </a>
                <a href="/sign-in" data-signed-out class="rounded-md border border-white/15 px-3 py-1.5 text-neutral-200 hover:bg-white/5">
                  Sign in
                </a>
                <a href="/account" hidden class="rounded-md bg-amber-300/15 px-3 py-1.5 font-medium text-amber-200 hover:bg-amber-300/25" data-account-link>
                  <span data-credits>Account</span>
                </a>
                {/* Phones: the same destinations behind a menu button (a <details>, so it works before any script). */}
                <details class="relative sm:hidden" data-site-menu>
                  <summary class="grid size-9 cursor-pointer list-none place-items-center rounded-md border border-white/15 text-neutral-200 hover:bg-white/5 [&::-webkit-details-marker]:hidden" aria-label="Menu">
                    <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" class="size-5">
                      <path fill-rule="evenodd" d="M2 4.75A.75.75 0 0 1 2.75 4h14.5a.75.75 0 0 1 0 1.5H2.75A.75.75 0 0 1 2 4.75Zm0 5.25a.75.75 0 0 1 .75-.75h14.5a.75.75 0 0 1 0 1.5H2.75A.75.75 0 0 1 2 10Zm0 5.25a.75.75 0 0 1 .75-.75h14.5a.75.75 0 0 1 0 1.5H2.75a.75.75 0 0 1-.75-.75Z" clip-rule="evenodd" />
                    </svg>
                  </summary>
                  <ul class="absolute right-0 top-full z-50 mt-2 w-56 rounded-xl border border-white/10 bg-neutral-900 p-2 text-base shadow-2xl" aria-label="Site">
                    <li><a href="/explore" class={MENU_LINK}>Styles</a></li>
                    <li><a href="/pricing" class={MENU_LINK}>Pricing</a></li>
                    <li><a href="/studio" class={MENU_LINK}>Studio</a></li>
                    <li><a href="/account" class={MENU_LINK}>Account</a></li>
                    <li><a href="/collections" class={MENU_LINK}>My collections</a></li>
                  </ul>
                </details>
              </nav>
            </div>
          </header>
          <main id="main" class="mx-auto max-w-7xl px-4 pb-16 pt-6 sm:pt-8">
            {children}
          </main>
          <footer class="border-t border-white/10 py-8 text-center text-sm text-neutral-400">
            <p>
              AI Gallery — the same prompts, many styles, several models. <a class="underline hover:text-neutral-300" href="/docs">API</a>
            </p>
          </footer>
        </body>
      </html>
    )
  );
}

/** The style search with autocomplete (Alpine component `styleSearch`, suggestions from /styles). */
export function SearchBox({ query, compact = false }: { query?: string; compact?: boolean }): JSX.Element {
  const inputClass = compact
    ? "w-full rounded-lg border border-white/10 bg-white/5 py-2 pl-9 pr-3 text-sm placeholder:text-neutral-400 focus:border-amber-300/60 focus:outline-none focus:ring-2 focus:ring-amber-300/30"
    : "w-full rounded-xl border border-white/15 bg-white/5 py-4 pl-12 pr-4 text-lg placeholder:text-neutral-400 focus:border-amber-300/60 focus:outline-none focus:ring-2 focus:ring-amber-300/30";
  return (
    <form
      action="/explore"
      method="get"
      role="search"
      class={compact ? "relative min-w-0 flex-1 sm:max-w-md" : "relative w-full max-w-2xl"}
      x-data="styleSearch"
      data-alpine-lazy
      {...{ "x-on:click.outside": "close" }}
    >
      <label for={compact ? "q-header" : "q-hero"} class="sr-only">
        Search styles, subjects and models
      </label>
      <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" class={compact ? "pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-neutral-400" : "pointer-events-none absolute left-4 top-1/2 size-5 -translate-y-1/2 text-neutral-400"}>
        <path fill-rule="evenodd" d="M9 3.5a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11ZM2 9a7 7 0 1 1 12.45 4.39l3.58 3.58a.75.75 0 1 1-1.06 1.06l-3.58-3.58A7 7 0 0 1 2 9Z" clip-rule="evenodd" />
      </svg>
      <input
        id={compact ? "q-header" : "q-hero"}
        name="q"
        type="search"
        value={query ?? ""}
        placeholder={compact ? "Search…" : "Search styles, subjects, models"}
        autocomplete="off"
        maxlength="200"
        role="combobox"
        aria-autocomplete="list"
        aria-controls={compact ? "q-header-list" : "q-hero-list"}
        aria-expanded="false"
        x-bind:aria-expanded="expanded"
        x-on:focus="load"
        x-on:input="update"
        {...{
          "x-on:keydown.down.prevent": "next",
          "x-on:keydown.up.prevent": "previous",
          "x-on:keydown.enter": "choose",
          "x-on:keydown.escape": "close",
        }}
        class={inputClass}
      />
      <ul
        id={compact ? "q-header-list" : "q-hero-list"}
        role="listbox"
        x-show="open"
        x-cloak
        class="absolute left-0 right-0 top-full z-50 mt-1 max-h-80 overflow-auto rounded-lg border border-white/10 bg-neutral-900 py-1 text-sm shadow-2xl"
      >
        <template x-for="(item, index) in matches" x-bind:key="item.slug">
          <li role="option" x-bind:aria-selected="isActive">
            <a x-bind:href="item.href" x-bind:class="optionClass" class="flex justify-between gap-3 px-3 py-2 hover:bg-white/10">
              <span x-text="item.phrase"></span>
              <span class="text-neutral-400" x-text="item.count"></span>
            </a>
          </li>
        </template>
      </ul>
    </form>
  );
}
