# AI Gallery: multi-stage build on the official Bun image; runs as a non-root user with data on a volume.
# The runtime holds the server bundle (dist/), the migrations, the built assets and sharp's native packages:
# no node_modules tree, no sources. tests/static/dockerfile-replay.test.ts replays these stages without Docker.
ARG BUN_VERSION=1.4.5
FROM oven/bun:${BUN_VERSION} AS deps
WORKDIR /app
COPY package.json bun.lock ./
RUN bun install --frozen-lockfile --production --ignore-scripts

FROM oven/bun:${BUN_VERSION} AS build
WORKDIR /app
COPY package.json bun.lock ./
RUN bun install --frozen-lockfile --ignore-scripts
COPY . .
RUN bun run build && bun run build:server

FROM oven/bun:${BUN_VERSION}-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production PORT=8000 DATA_DIR=/app/data WORKER_HEALTH_PORT=8001
# sharp loads libvips natively, so it stays outside the bundle: it, its prebuilt binaries and its two dependencies.
COPY --from=deps /app/node_modules/sharp ./node_modules/sharp
COPY --from=deps /app/node_modules/@img ./node_modules/@img
COPY --from=deps /app/node_modules/detect-libc ./node_modules/detect-libc
COPY --from=deps /app/node_modules/semver ./node_modules/semver
COPY --from=build /app/dist ./dist
COPY --from=build /app/public ./public
COPY drizzle ./drizzle
RUN mkdir -p /app/data && chown -R bun:bun /app/data
USER bun
VOLUME ["/app/data"]
EXPOSE 8000 8001
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD bun -e "fetch('http://127.0.0.1:8000/health').then(r => process.exit(r.ok ? 0 : 1)).catch(() => process.exit(1))"
CMD ["bun", "dist/index.js"]
