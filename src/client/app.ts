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

document.addEventListener("DOMContentLoaded", () => {
  showPlaceholders(document);
  void showAccount(document).then((me) => {
    wireCollect(document, me !== null);
    if (me?.library_access) void showLibraryDownload(document);
  });
  followLiveCells(document);
  followPendingRender(document);
  followRestyleResults(document);
  followRunProgress(document);
  confirmForms(document);
  showCosts(document);
  wireBeforeAfter(document);
  wireLightbox(document);
  wireRenderActions(document);
  wireSiteMenu(document);
  wireAutoSubmit(document);
  loadAlpineWhenNeeded(alpineSrc);
});
