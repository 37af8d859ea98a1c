// The Alpine bundle (built to public/alpine.js), loaded by app.js when a page needs it: registers the components, then starts.
import Alpine from "@alpinejs/csp";
import "./style-search";
import "./studio-form";

Alpine.start();
