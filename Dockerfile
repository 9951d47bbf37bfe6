# syntax=docker/dockerfile:1
# One image for every newswire app; the compose file picks the app with APP.
# test/deployment.e2e-spec.ts checks that the COPY lines below cover what `npm run build` reads and
# what the running image needs.
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
# `npm run build` is `node scripts/build.js`: tsc -p tsconfig.build.json, then tsc-alias.
COPY scripts scripts
COPY tsconfig.json tsconfig.build.json ./
COPY apps apps
COPY libs libs
COPY bench bench
COPY eval eval
COPY test/support test/support
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/node_modules node_modules
COPY --from=build /src/dist dist
COPY package.json ./
COPY bin bin
# The CLI (`node bin/newswire.js demo`) finds its folder by package.json and scripts/kafka.sh
# (apps/cli/src/project-root.ts) and publishes the samples in fixtures/.
COPY scripts scripts
COPY fixtures fixtures
# The ingest app's drop folder: a volume mounted here takes this owner on its first mount.
RUN mkdir -p /srv/newswire/drop && chown node:node /srv/newswire/drop
# Least privilege: an unprivileged user, no write access to the code.
USER node
ENV APP=api
CMD ["sh", "-c", "exec node dist/apps/${APP}/src/main.js"]
