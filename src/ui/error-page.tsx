// Friendly HTML pages for "not found" and other errors; the message shown never includes internals.
import { htmlPage, Layout } from "./layout";

/** `action`, when given, is the way forward (a locked download: pricing) and comes first. */
export function renderErrorPage(status: number, message: string, action?: { href: string; label: string }): string {
  const heading = status === 404 ? "Nothing here" : status === 403 && action ? "Not unlocked yet" : status >= 500 ? "Something went wrong" : "That didn’t work";
  return htmlPage(
    <Layout title={heading}>
      <section class="mx-auto flex max-w-xl flex-col items-center gap-4 py-20 text-center">
        <p class="text-6xl font-semibold text-neutral-400">{status}</p>
        <h1 class="text-2xl font-semibold tracking-tight">{heading}</h1>
        <p class="text-neutral-400" safe>
          {message}
        </p>
        <div class="flex flex-wrap justify-center gap-3">
          {action ? (
            <a href={action.href} class="rounded-lg bg-amber-300 px-4 py-2 font-medium text-neutral-950 hover:bg-amber-200" safe>
              {action.label}
            </a>
          ) : (
            ""
          )}
          <a href="/" class={action ? "rounded-lg border border-white/15 px-4 py-2 hover:bg-white/5" : "rounded-lg bg-amber-300 px-4 py-2 font-medium text-neutral-950 hover:bg-amber-200"}>
            Back to the gallery
          </a>
          <a href="/explore" class="rounded-lg border border-white/15 px-4 py-2 hover:bg-white/5">
            Browse styles
          </a>
        </div>
      </section>
    </Layout>
  );
}
