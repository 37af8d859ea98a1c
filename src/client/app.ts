// Browser bundle (built to public/app.js): small page behaviour with no framework; Alpine comes later, when needed.
import { showAccount } from "./account";
import { wireCollect } from "./collect";
import { showLibraryDownload } from "./library-download";
import { loadAlpineWhenNeeded } from "./alpine-loader";
import { followLiveCells, followPendingRender } from "./live-progress";
import { showPlaceholders } from "./placeholders";
import { confirmForms, followRunProgress, showCosts, wireBeforeAfter } from "./studio";
import { wireLightbox } from "./lightbox";
import { followRestyleResults } from "./restyle-results";
import { wireAutoSubmit, wireSiteMenu } from "./page-controls";
import { wireRenderActions } from "./render-actions";

const alpineSrc = (document.currentScript as HTMLScriptElement | null)?.dataset.alpineSrc;

/** Gives the browser a turn (to paint, to answer a tap) between start-up steps, so no step makes a long task on a phone. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

document.addEventListener("DOMContentLoaded", async () => {
  // First what the page does on a tap or over time, then (a task later, since the first fetch alone costs a phone
  // milliseconds) the visitor's own state and the placeholders of images still loading.
  wireLightbox(document);
  wireRenderActions(document);
  wireSiteMenu(document);
  wireAutoSubmit(document);
  confirmForms(document);
  showCosts(document);
  wireBeforeAfter(document);
  followLiveCells(document);
  followPendingRender(document);
  followRestyleResults(document);
  followRunProgress(document);
  loadAlpineWhenNeeded(alpineSrc);
  await nextTask();
  showPlaceholders(document);
  void showAccount(document).then((me) => {
    wireCollect(document, me !== null);
    if (me?.library_access) void showLibraryDownload(document);
  });
});
