// The curation page: the home page's curated set in order (move, remove, add by id) and the featured style.
import { htmlPage, Layout } from "../../ui/layout";
import { ActionForm, AdminNav } from "./admin-ui";
import type { CuratedItem, CurationStyle } from "./curation";

function CuratedRow({ item, first, last }: { item: CuratedItem; first: boolean; last: boolean }): JSX.Element {
  const path = `/admin/curated/${encodeURIComponent(item.id)}`;
  return (
    <li class="flex items-center gap-3 rounded-xl bg-neutral-900 p-2 text-sm" data-curated-id={item.id}>
      <span class="w-8 text-right tabular-nums text-neutral-400" safe>
        {String(item.curated_rank)}
      </span>
      {item.thumb_path ? <img src={item.thumb_path} alt="" width="64" height="64" class="h-16 w-16 rounded object-cover" /> : <div class="h-16 w-16 rounded bg-neutral-800" />}
      <p class="min-w-0 flex-1">
        <a class="underline" href={`/r/${encodeURIComponent(item.id)}`} safe>
          {item.base_prompt}
        </a>{" "}
        — <span safe>{item.style_phrase}</span>
        {item.published ? "" : <span class="text-amber-300"> · not public now, skipped on the home page</span>}
      </p>
      {first ? "" : <ActionForm action={`${path}/move`} label="Up" fields={{ direction: "up" }} />}
      {last ? "" : <ActionForm action={`${path}/move`} label="Down" fields={{ direction: "down" }} />}
      <ActionForm action={`${path}/remove`} label="Remove" />
    </li>
  );
}

export function renderCurationPage(data: { curated: CuratedItem[]; styles: CurationStyle[] }): string {
  return htmlPage(
    <Layout title="Curation" path="/admin/curation">
      <div class="space-y-8">
        <AdminNav current="/admin/curation" />
        <h1 class="text-2xl font-semibold">Curation</h1>
        <section class="space-y-3">
          <h2 class="text-lg font-semibold">Curated set (home page, in this order)</h2>
          {data.curated.length === 0 ? (
            <p class="text-neutral-400">Nothing curated: the home page shows one render per style.</p>
          ) : (
            <ol class="space-y-2">
              {data.curated.map((item, index) => (
                <CuratedRow item={item} first={index === 0} last={index === data.curated.length - 1} />
              ))}
            </ol>
          )}
          <form method="post" action="/admin/curated" class="flex flex-wrap gap-2 text-sm">
            <input name="id" required maxlength="64" placeholder="Render id (from /r/…)" aria-label="Render id to add" class="min-w-0 flex-1 rounded bg-neutral-800 px-2 py-1" />
            <input name="reason" maxlength="500" placeholder="Reason (optional)" aria-label="Reason" class="min-w-0 flex-1 rounded bg-neutral-800 px-2 py-1" />
            <button class="rounded bg-neutral-700 px-2 py-1">Add to the curated set</button>
          </form>
        </section>
        <section class="space-y-3">
          <h2 class="text-lg font-semibold">Featured style</h2>
          {data.styles.some((style) => style.featured) ? <ActionForm action="/admin/styles/unfeature" label="Stop featuring" reason="optional" /> : ""}
          <ul class="space-y-1 text-sm">
            {data.styles.map((style) => (
              <li class="flex items-center gap-3" data-style={style.slug}>
                <a class="flex-1 underline" href={`/style/${encodeURIComponent(style.slug)}`} safe>
                  {style.phrase}
                </a>
                <span class="tabular-nums text-neutral-400" safe>
                  {`${style.count} renders`}
                </span>
                {style.featured ? (
                  <strong class="text-amber-300">Featured</strong>
                ) : (
                  <ActionForm action={`/admin/styles/${encodeURIComponent(style.slug)}/feature`} label="Feature" />
                )}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </Layout>,
  );
}
