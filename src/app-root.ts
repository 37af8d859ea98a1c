// The app's folder, holding drizzle/ and public/. This file is src/app-root.ts when run from source, and every
// file of the server bundle sits directly in dist/ (scripts/bundle-server.ts), so one level up is it in both.
import { fileURLToPath } from "node:url";

export const APP_ROOT = fileURLToPath(new URL("..", import.meta.url));
