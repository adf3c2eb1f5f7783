# The API as a container image: `docker build -t tt-api .` then
# `docker run -p 8000:8000 --env-file api.env -v tt-data:/data tt-api`.
# Stage 1 installs the workspace, bundles the API (pnpm build) and lifts the bundle with its
# production dependencies out of the monorepo (pnpm deploy); stage 2 is Node and that folder only,
# run as the unprivileged `node` user. (Not built on our CI machines, which run no Docker daemon:
# tooling/checks/test/deploy-targets.test.ts runs its build and run steps as plain commands.)

FROM node:20-bookworm-slim AS build
# better-sqlite3 compiles from source where its prebuilt download is unreachable.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
RUN npm install -g pnpm@12.4.2
WORKDIR /repo
COPY . .
RUN pnpm install --frozen-lockfile
RUN pnpm build --filter=@tt/api
RUN pnpm --filter=@tt/api deploy --prod /app

FROM node:20-bookworm-slim
# MALLOC_ARENA_MAX: glibc's malloc keeps an arena per thread; two are plenty for one Node process
# and save about 20 MB of resident memory (README, "Benchmarks").
ENV NODE_ENV=production \
    MALLOC_ARENA_MAX=2 \
    PORT=8000 \
    DATABASE_URL=file:/data/app.db
WORKDIR /app
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/readyz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/server.js"]
