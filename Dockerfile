# commsplan: the CLI, the web app (serve) and the sending worker, in one image.
# Build:  docker build -t commsplan .
# Run:    docker run --rm -e COMMSPLAN_DB=postgres://... commsplan check
# See docs/deploy.md.

FROM node:20-bookworm-slim AS build
# better-sqlite3 is a native module; these build it when no prebuilt binary downloads.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# The "prepare" script runs the build, so install without scripts first, then rebuild the native modules.
RUN npm ci --ignore-scripts && npm rebuild
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bin ./bin
RUN npm run build

# Production dependencies only, built here where the compilers are.
FROM build AS prod-deps
WORKDIR /prod
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm rebuild

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=prod-deps /prod/node_modules ./node_modules
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/bin ./bin
# dist/ holds the compiled code, the views and the public assets; fonts and the NHS
# frontend come from node_modules (dejavu-fonts-ttf, nhsuk-frontend).
COPY --from=build /app/dist ./dist
# The official image has a "node" user (uid 1000). /data is for folder senders and files.
RUN mkdir -p /data && chown node:node /data
USER node
WORKDIR /data
ENTRYPOINT ["node", "/app/bin/commsplan.js"]
CMD ["--help"]
