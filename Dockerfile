# The Stacks API image: `node bin/stacks.js serve` by default; the same image runs the CLI
# (`docker compose run --rm api node bin/stacks.js ingest …`). README.md "Running at scale".
# No Docker engine runs on the build machines: this file is checked by
# scripts/ci/validate-compose.ts (pinned bases, non-root user, health check, port, volume) but has
# never been built there.

# ---- build: compile better-sqlite3 and the TypeScript, then drop the dev dependencies ----
FROM node:20.20.2-bookworm-slim AS build

# better-sqlite3 is compiled from source (no prebuilt binary is downloaded), so node-gyp needs a
# toolchain and Python; the headers come from the image's own Node (/usr/local/include/node).
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*

ENV npm_config_build_from_source=true \
    npm_config_nodedir=/usr/local \
    npm_config_audit=false \
    npm_config_fund=false \
    npm_config_update_notifier=false \
    SCARF_ANALYTICS=false

WORKDIR /app

# Dependencies first, so a source change does not recompile better-sqlite3. Install scripts are
# skipped (package.json "allowScripts": only better-sqlite3 may run one), then that one is run.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3

COPY tsconfig.json tsconfig.build.json openapi.yaml ./
COPY src ./src
COPY ingest ./ingest
# The compiler's intermediate files and SQLite's sources are ~25 MB the runtime never reads.
RUN npm run build \
    && npm prune --omit=dev --ignore-scripts \
    && rm -rf node_modules/better-sqlite3/deps node_modules/better-sqlite3/build/deps \
        node_modules/better-sqlite3/build/Release/obj node_modules/better-sqlite3/build/Release/obj.target

# ---- runtime: Node, the production node_modules, the compiled code and the data it reads ----
FROM node:20.20.2-bookworm-slim AS runtime

RUN groupadd --system --gid 10001 stacks \
    && useradd --system --uid 10001 --gid stacks --home-dir /data --shell /usr/sbin/nologin stacks \
    && mkdir -p /data \
    && chown stacks:stacks /data

WORKDIR /app
# The application files stay owned by root: the process can read them, not change them.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/ingest ./dist/ingest
# package.json and tsconfig.json mark the root that src/app-info.ts looks for; openapi.yaml is
# the API's contract, read at start; ingest/samples are the demo records; the locations and loan
# rules files are the defaults `serve` reads when STACKS_LOCATIONS and STACKS_LOAN_RULES are unset.
COPY package.json tsconfig.json openapi.yaml ./
COPY bin ./bin
COPY ingest/samples ./ingest/samples
COPY ingest/locations.json ingest/loan-rules.yaml ./ingest/

ENV NODE_ENV=production \
    PORT=3000 \
    STACKS_DB=/data/stacks.db

# Numeric, so a runtime that checks "non-root" (runAsNonRoot) can tell without /etc/passwd.
USER 10001:10001
# The SQLite file: the whole catalog on the embedded default; only ingest jobs, their uploads and
# API keys when the records live in MongoDB and the index in Elasticsearch/OpenSearch.
VOLUME ["/data"]
EXPOSE 3000

# Node 20 has fetch; the slim image has no curl.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

CMD ["node", "bin/stacks.js", "serve"]
