# syntax=docker/dockerfile:1
# Dossier as a container: a build stage with the C++ toolchain for the native modules
# (better-sqlite3, argon2) that compiles TypeScript and the web UI and drops dev dependencies,
# then a slim runtime stage with only what `dossier serve` needs, running as a non-root user.
#   docker build -t dossier .
#   docker run -p 8080:8080 -v dossier-data:/var/lib/dossier dossier
# See docs/deployment.md (compose with PostgreSQL, reverse proxy, backups, upgrades).

FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The build writes the gazetteer index from data/ into dist/ (scripts/build-gazetteer-index.mjs).
COPY scripts ./scripts
COPY data ./data
# The CLI bundles' V8 code cache is made by one extraction of the seed (scripts/bundle-cli.mjs).
COPY test-fixtures/seed-kazakhstan.txt ./test-fixtures/seed-kazakhstan.txt
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    DOSSIER_DB=/var/lib/dossier/dossier.db \
    DOSSIER_LOG_LEVEL=info
WORKDIR /app
RUN groupadd --system --gid 10001 dossier \
 && useradd --system --uid 10001 --gid dossier --home-dir /var/lib/dossier --shell /usr/sbin/nologin dossier \
 && mkdir -p /var/lib/dossier \
 && chown dossier:dossier /var/lib/dossier
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY data ./data
COPY examples ./examples
COPY bin ./bin
USER dossier
VOLUME ["/var/lib/dossier"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "bin/dossier"]
CMD ["serve"]
