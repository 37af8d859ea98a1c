// Browser bundle (built to public/app.js): registers the Alpine components, then wires page behaviour.
import Alpine from "@alpinejs/csp";
import "./account";
import "./style-search";
import { followLiveCells, followPendingRender } from "./live-progress";
import { showPlaceholders } from "./placeholders";
import { followRunProgress, showCosts, wireBeforeAfter } from "./studio";

document.addEventListener("DOMContentLoaded", () => {
  showPlaceholders(document);
  followLiveCells(document);
  followPendingRender(document);
  followRunProgress(document);
  showCosts(document);
  wireBeforeAfter(document);
});
Alpine.start();
