// The library's download button: its words (shared with the server's /account page, so both say the same) and,
// on the cached /pricing page, showing it to someone with access once /me has said so.

export interface LibrarySize {
  files: number;
  bytes: number;
}

export function libraryDownloadLabel({ files, bytes }: LibrarySize): string {
  const megabytes = bytes / 1_000_000;
  // A library under a megabyte (a gallery just started) says its kilobytes rather than "0.0 MB".
  const size = megabytes < 1 ? `${Math.max(1, Math.round(bytes / 1000))} KB` : `${megabytes >= 100 ? Math.round(megabytes) : megabytes.toFixed(1)} MB`;
  return `Download the library (${files} image${files === 1 ? "" : "s"}, ${size})`;
}

/** Fills in and shows the page's hidden library download link; left hidden when the size cannot be read. */
export async function showLibraryDownload(root: ParentNode): Promise<void> {
  const holder = root.querySelector<HTMLElement>("[data-library-download]");
  const link = holder?.querySelector<HTMLAnchorElement>("a");
  if (!holder || !link) return;
  try {
    const response = await fetch("/library.json", { headers: { accept: "application/json" }, credentials: "same-origin" });
    if (!response.ok) return;
    const library = (await response.json()) as LibrarySize & { download_url: string };
    link.textContent = libraryDownloadLabel(library);
    link.href = library.download_url;
    holder.hidden = false;
  } catch {
    // Offline or blocked: the link stays hidden, and /account still offers it.
  }
}
