# The sweep command line in a container, for running shards on a cluster (docs/cluster.md):
#   docker build --build-arg CODE_VERSION="$(git rev-parse HEAD)" -t rnn-lab-sweep .
#   docker run --rm -v "$PWD/out:/out" rnn-lab-sweep samples-vs-L --shard 1/3 --out /out/part-1.json
# Node only (WebAssembly backend): no browser, no GPU.
FROM node:20-bookworm-slim

WORKDIR /app
ENV NODE_ENV=production \
    npm_config_update_notifier=false

# Dependencies first, so that a change in the sources reuses this layer. tsx (a dev dependency) runs the CLI.
COPY package.json package-lock.json ./
RUN npm ci --include=dev --no-audit --no-fund && npm cache clean --force

COPY tsconfig.json ./
COPY src ./src

# The image has no git history: the code version that shard files record comes from the build.
ARG CODE_VERSION=
ENV RNN_LAB_CODE_VERSION=${CODE_VERSION}

RUN mkdir -p /out && chown node:node /out
USER node
VOLUME ["/out"]
ENTRYPOINT ["/app/node_modules/.bin/tsx", "/app/src/cli/sweep.ts"]
CMD ["--help"]
