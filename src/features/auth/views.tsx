// The sign-in page: Google, and (outside production) a dev sign-in by email.
import { htmlPage, Layout } from "../../ui/layout";

/** `next` is a path safeReturnPath already accepted. */
export function renderSignInPage(options: { google: boolean; dev: boolean; next: string | null }): string {
  const googleHref = options.next ? `/auth/google?next=${encodeURIComponent(options.next)}` : "/auth/google";
  return htmlPage(
    <Layout title="Sign in" path="/sign-in">
      <section class="mx-auto flex max-w-sm flex-col gap-6 py-16">
        <h1 class="text-2xl font-semibold tracking-tight">Sign in</h1>
        <p class="text-neutral-400">Sign in to buy credits, restyle your photos and run new style matrices.</p>
        {options.google ? (
          <a href={googleHref} class="rounded-lg bg-white px-4 py-3 text-center font-medium text-neutral-900 hover:bg-neutral-200">
            Continue with Google
          </a>
        ) : (
          <p class="rounded-lg border border-white/10 p-4 text-sm text-neutral-400">Google sign-in is not configured on this server.</p>
        )}
        {options.dev ? (
          <form method="post" action="/auth/dev" class="flex flex-col gap-3 rounded-xl border border-dashed border-amber-300/40 p-4">
            <p class="text-sm text-amber-200">Development sign-in (never available in production)</p>
            {options.next ? <input type="hidden" name="next" value={options.next} /> : ""}
            <label for="dev-email" class="text-sm text-neutral-300">
              Email
            </label>
            <input id="dev-email" name="email" type="email" required value="dev@example.com" class="rounded-lg border border-white/15 bg-white/5 px-3 py-2" />
            <button type="submit" class="rounded-lg bg-amber-300 px-4 py-2 font-medium text-neutral-950 hover:bg-amber-200">
              Sign in as this email
            </button>
          </form>
        ) : (
          ""
        )}
      </section>
    </Layout>,
  );
}
