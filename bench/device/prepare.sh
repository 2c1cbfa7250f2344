#!/usr/bin/env bash
# Builds .devgpu/: everything bench/device/run.sh needs to measure the SGD step on a GPU machine that has
# a GPU driver but no Node.js, no npm and no network. Run here, from anywhere, before carrying .devgpu (and .gl)
# to that machine:
#   bench-dawn.mjs        bench/cli/bench-dawn.ts bundled by esbuild with every JavaScript dependency
#   data-worker-node.mjs  the data worker threads it starts (src/cli/data-worker-node.ts, bundled)
#   dawn.node.xz          Dawn's Node binding for linux-x64, from the npm package webgpu 0.6.2
#   node.xz               this machine's Node binary, stripped (it runs on any x86-64 glibc >= 2.28)
#   runtime-libs.tar.xz   fallbacks used only when the machine's own libraries are too old:
#                         cxx/ (libstdc++, libgcc_s: dawn.node needs GLIBCXX_3.4.30) and glibc/ (glibc 2.36
#                         with its loader: dawn.node needs glibc >= 2.34)
#   gl-libs.tar.xz        the Vulkan loader and the GLVND/X11 libraries NVIDIA's Vulkan driver loads, from the
#                         Debian packages in .gl/ (run.sh adds only those the machine lacks)
# Inputs: WEBGPU_TGZ (default /tmp/wgpkg/webgpu-0.6.2.tgz) or WEBGPU_DIR (an unpacked webgpu package).
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=.devgpu
mkdir -p "$OUT"
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT

# Dawn's binding from the webgpu package (never installed into node_modules: it is not a project dependency).
if [ -n "${WEBGPU_DIR:-}" ]; then
  PKG=$WEBGPU_DIR
else
  TGZ=${WEBGPU_TGZ:-/tmp/wgpkg/webgpu-0.6.2.tgz}
  if [ ! -f "$TGZ" ]; then
    echo "No webgpu package: get it with 'npm pack webgpu@0.6.2' and set WEBGPU_TGZ=path/to/webgpu-0.6.2.tgz." >&2
    exit 1
  fi
  tar -xzf "$TGZ" -C "$STAGE"
  PKG=$STAGE/package
fi
xz -9 -T0 -c "$PKG/dist/linux-x64/dawn.node" > "$OUT/dawn.node.xz"

# The benchmark: one ES module with all JavaScript inlined. tfjs's ES-module builds (mainFields module first), so
# tfjs-core and its gradient files are one copy; require() for Node's built-ins comes from a banner.
npx esbuild bench/cli/bench-dawn.ts --bundle --platform=node --format=esm --target=node20 \
  --main-fields=module,main --external:webgpu --log-level=warning --outfile="$OUT/bench-dawn.mjs" \
  '--banner:js=import { createRequire as __bundleRequire } from "node:module"; const require = __bundleRequire(import.meta.url);'
# The data worker threads bench-dawn starts (src/cli/data-workers.ts finds this bundle beside it).
npx esbuild src/cli/data-worker-node.ts --bundle --platform=node --format=esm --target=node20 \
  --main-fields=module,main --log-level=warning --outfile="$OUT/data-worker-node.mjs"
cp bench/device/probe.mjs "$OUT/probe.mjs"

# Node: compressing takes ~40 s, so it is redone only when this machine's Node changes.
NODE_BIN=$(command -v node)
NODE_ID="$(node --version) $(stat -c %s "$NODE_BIN")"
if [ ! -f "$OUT/node.xz" ] || [ "$(cat "$OUT/node.id" 2>/dev/null)" != "$NODE_ID" ]; then
  cp "$NODE_BIN" "$STAGE/node"
  if command -v strip > /dev/null; then strip "$STAGE/node"; fi
  xz -9 -T0 -c "$STAGE/node" > "$OUT/node.xz"
  echo "$NODE_ID" > "$OUT/node.id"
fi

# Fallback runtime libraries, copied with their real names (the sonames the loader looks for).
LIBDIR=/lib/x86_64-linux-gnu
mkdir -p "$STAGE/rt/cxx" "$STAGE/rt/glibc"
cp -L "$LIBDIR/libstdc++.so.6" "$LIBDIR/libgcc_s.so.1" "$STAGE/rt/cxx/"
cp -L /lib64/ld-linux-x86-64.so.2 "$LIBDIR"/{libc.so.6,libm.so.6,libdl.so.2,libpthread.so.0,librt.so.1} "$STAGE/rt/glibc/"
tar -C "$STAGE/rt" -cJf "$OUT/runtime-libs.tar.xz" cxx glibc

# The Vulkan loader and GL/X11 libraries from .gl/*.deb (see the report for the apt-get download line).
if compgen -G ".gl/*.deb" > /dev/null; then
  mkdir -p "$STAGE/gl-root" "$STAGE/gl"
  for deb in .gl/*.deb; do dpkg -x "$deb" "$STAGE/gl-root"; done
  cp -a "$STAGE/gl-root/usr/lib/x86_64-linux-gnu/." "$STAGE/gl/"
  tar -C "$STAGE/gl" -cJf "$OUT/gl-libs.tar.xz" .
else
  echo "warning: no .gl/*.deb; run.sh will rely on the machine's own Vulkan loader." >&2
  rm -f "$OUT/gl-libs.tar.xz"
fi

(cd "$OUT" && sha256sum bench-dawn.mjs data-worker-node.mjs probe.mjs dawn.node.xz node.xz runtime-libs.tar.xz gl-libs.tar.xz 2> /dev/null > SHA256SUMS || true)
du -b "$OUT"/* | sort -n
echo "total .devgpu: $(du -sb "$OUT" | cut -f1) bytes; .gl: $(du -sb .gl 2> /dev/null | cut -f1) bytes"
