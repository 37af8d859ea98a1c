// Hearts and "Save to collection": this visitor's state, filled into pages that are the same bytes for everyone.
// Signed out, a render page's heart leads to sign-in and tiles show none.

const JSON_HEADERS = { accept: "application/json", "content-type": "application/json" };

async function send(method: string, path: string, body?: unknown): Promise<{ ok: boolean; data: Record<string, unknown> }> {
  try {
    const response = await fetch(path, { method, headers: JSON_HEADERS, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body) });
    const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    return { ok: response.ok, data };
  } catch {
    return { ok: false, data: { error: "No connection: try again." } };
  }
}

function signInUrl(): string {
  return `/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`;
}

function showHeart(root: ParentNode, renderId: string, hearted: boolean): void {
  for (const heart of root.querySelectorAll<HTMLElement>(`[data-heart="${CSS.escape(renderId)}"]`)) {
    heart.setAttribute("aria-pressed", String(hearted));
    const label = heart.querySelector("[data-heart-label]");
    if (label) label.textContent = hearted ? "Favourited" : "Favourite";
  }
}

async function wireHearts(root: ParentNode, hearts: HTMLElement[]): Promise<void> {
  const ids = [...new Set(hearts.map((heart) => heart.dataset.heart!))];
  for (const heart of hearts) {
    heart.hidden = false;
    heart.addEventListener("click", async () => {
      const renderId = heart.dataset.heart!;
      const hearted = heart.getAttribute("aria-pressed") === "true";
      const { ok } = await send(hearted ? "DELETE" : "POST", `/favourites/${encodeURIComponent(renderId)}`);
      if (ok) showHeart(root, renderId, !hearted);
    });
  }
  const { ok, data } = await send("GET", `/favourites/state?ids=${encodeURIComponent(ids.join(","))}`);
  if (!ok) return;
  for (const id of (data.hearted as string[] | undefined) ?? []) showHeart(root, id, true);
}

interface CollectionChoice {
  id: string;
  name: string;
  kind: string;
  has_render: boolean;
}

function wireCollectPanel(root: ParentNode, panel: HTMLDetailsElement): void {
  const renderId = panel.dataset.collect!;
  const list = panel.querySelector<HTMLElement>("[data-collect-list]")!;
  const status = panel.querySelector<HTMLElement>("[data-collect-status]")!;
  const form = panel.querySelector<HTMLFormElement>("[data-collect-new]")!;
  panel.hidden = false;

  async function load(): Promise<void> {
    const { ok, data } = await send("GET", `/collections?render=${encodeURIComponent(renderId)}`);
    if (!ok) {
      status.textContent = String(data.error ?? "Couldn’t load your collections.");
      return;
    }
    list.replaceChildren(
      ...(data.collections as CollectionChoice[]).map((collection) => {
        const item = document.createElement("li");
        const label = document.createElement("label");
        label.className = "flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 hover:bg-white/5";
        const box = document.createElement("input");
        box.type = "checkbox";
        box.checked = collection.has_render;
        box.className = "size-4 accent-amber-300";
        box.dataset.collectionId = collection.id;
        const name = document.createElement("span");
        name.textContent = collection.name;
        label.append(box, name);
        item.append(label);
        box.addEventListener("change", async () => {
          const path = `/collections/${encodeURIComponent(collection.id)}/items`;
          const { ok, data } = box.checked ? await send("POST", path, { render_id: renderId }) : await send("DELETE", `${path}/${encodeURIComponent(renderId)}`);
          if (!ok) {
            box.checked = !box.checked;
            status.textContent = String(data.error ?? "That didn’t work: try again.");
            return;
          }
          status.textContent = box.checked ? `Saved to “${collection.name}”.` : `Taken out of “${collection.name}”.`;
          if (collection.kind === "favourites") showHeart(root, renderId, box.checked);
        });
        return item;
      }),
    );
  }

  panel.addEventListener("toggle", () => {
    if (panel.open) void load();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = form.querySelector<HTMLInputElement>("input[name=name]")!;
    const { ok, data } = await send("POST", "/collections", { name: input.value, render_id: renderId });
    if (!ok) {
      status.textContent = String(data.error ?? "Couldn’t make that collection.");
      return;
    }
    input.value = "";
    await load();
    status.textContent = `Saved to “${String(data.name)}”.`;
  });
}

export function wireCollect(root: Document, signedIn: boolean): void {
  const hearts = [...root.querySelectorAll<HTMLElement>("[data-heart]")];
  if (!signedIn) {
    for (const heart of hearts) {
      if (heart.hasAttribute("data-heart-page")) heart.addEventListener("click", () => location.assign(signInUrl()));
    }
    return;
  }
  if (hearts.length > 0) void wireHearts(root, hearts);
  const panel = root.querySelector<HTMLDetailsElement>("[data-collect]");
  if (panel) wireCollectPanel(root, panel);
}
