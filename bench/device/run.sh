#!/usr/bin/env bash
# Runs the Dawn WebGPU benchmark on a GPU machine without Node.js or network, from what
# bench/device/prepare.sh put in .devgpu/. Run from anywhere in the repository:
#   bash bench/device/run.sh
# Writes $OUT/dawn-kernels.json (custom WGSL RNN kernels), $OUT/dawn-generic.json (--generic),
# $OUT/dawn-submit15.json (kernels, tfjs's default submit batch of 15) and $OUT/dawn-bench.log. Environment (all optional):
#   OUT            output folder (default /tmp/devout)
#   BENCH_CASES    cases (default S,M,long)      BENCH_SECONDS  timing budget per measurement (default 2)
#   BENCH_TIMEOUT  seconds allowed for each of the two runs (default 170)
#   DAWN_FLAGS     flags for Dawn's create(), space-separated (default backend=vulkan)
#   BENCH_EXTRA    more bench-dawn flags, e.g. --compat
#   RUN_VARIANTS   which runs, of "kernels generic submit15" (default all three)
#   VK_DRIVER_FILES  the Vulkan driver manifest (default: NVIDIA's, where one is found)
set -uo pipefail
cd "$(dirname "$0")/../.."
REPO=$(pwd)
OUT=${OUT:-/tmp/devout}
WORK=${DEVGPU_WORK:-/tmp/devgpu}
CASES=${BENCH_CASES:-S,M,long}
BUDGET=${BENCH_SECONDS:-2}
LIMIT=${BENCH_TIMEOUT:-170}
read -r -a FLAGS <<< "${DAWN_FLAGS:-backend=vulkan}"
read -r -a EXTRA <<< "${BENCH_EXTRA:-}"
mkdir -p "$OUT" "$WORK"
exec > >(tee -a "$OUT/dawn-bench.log") 2>&1
START=$(date +%s)
say() { echo "[run.sh +$(($(date +%s) - START))s] $*"; }
die() {
  say "FAILED: $*"
  exit 1
}

[ -f .devgpu/bench-dawn.mjs ] || die "no .devgpu/bench-dawn.mjs: run bench/device/prepare.sh first and carry .devgpu"

say "machine: $(uname -srm); $(getconf GNU_LIBC_VERSION 2> /dev/null || echo 'glibc unknown'); $(nproc) CPUs"
if command -v nvidia-smi > /dev/null; then nvidia-smi -L; else say "nvidia-smi not found"; fi

# xz when the machine has it, else Python's lzma; nothing else can unpack the carried files.
unxz_to() {
  if command -v xz > /dev/null; then
    xz -dc "$1" > "$2"
  elif command -v python3 > /dev/null; then
    python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2"
  else
    die "neither xz nor python3 is here to unpack $1"
  fi
}
untar_xz() {
  unxz_to "$1" "$WORK/tmp.tar" && mkdir -p "$2" && tar -xf "$WORK/tmp.tar" -C "$2" && rm -f "$WORK/tmp.tar"
}

say "unpacking node, dawn.node and libraries into $WORK"
unxz_to .devgpu/node.xz "$WORK/node" && chmod +x "$WORK/node" || die "node did not unpack"
unxz_to .devgpu/dawn.node.xz "$WORK/dawn.node" || die "dawn.node did not unpack"
untar_xz .devgpu/runtime-libs.tar.xz "$WORK/rt" || die "runtime-libs did not unpack"

# NVIDIA's libraries live outside the loader's cache in some containers.
LIBPATH=${LD_LIBRARY_PATH:-}
for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do
  [ -d "$d" ] && LIBPATH=$d${LIBPATH:+:$LIBPATH}
done
# The carried Vulkan loader and GL/X11 libraries, only those this machine does not have (never shadow its own).
if [ -f .devgpu/gl-libs.tar.xz ]; then
  untar_xz .devgpu/gl-libs.tar.xz "$WORK/gl" || die "gl-libs did not unpack"
  rm -rf "$WORK/gl-missing" && mkdir -p "$WORK/gl-missing"
  CACHE=$( (ldconfig -p || /sbin/ldconfig -p) 2> /dev/null)
  for lib in "$WORK"/gl/*.so.[0-9]; do
    name=$(basename "$lib")
    found=no
    grep -qF $'\t'"$name (" <<< "$CACHE" && found=yes
    IFS=: read -r -a dirs <<< "$LIBPATH"
    for d in "${dirs[@]}"; do [ -n "$d" ] && [ -e "$d/$name" ] && found=yes; done
    [ $found = no ] && ln -sf "$lib" "$WORK/gl-missing/$name"
  done
  say "carried libraries used (missing here): $(ls "$WORK/gl-missing" | tr '\n' ' ')"
  LIBPATH=${LIBPATH:+$LIBPATH:}$WORK/gl-missing
fi
export LD_LIBRARY_PATH=$LIBPATH

# The Vulkan driver manifest: NVIDIA's unless one is given.
if [ -z "${VK_DRIVER_FILES:-}" ]; then
  for f in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json \
    /etc/vulkan/icd.d/nvidia_icd.json; do
    if [ -f "$f" ]; then
      export VK_DRIVER_FILES=$f
      break
    fi
  done
fi
if [ -n "${VK_DRIVER_FILES:-}" ]; then
  export VK_ICD_FILENAMES=$VK_DRIVER_FILES # the name older Vulkan loaders read
  say "VK_DRIVER_FILES=$VK_DRIVER_FILES:"
  cat "$VK_DRIVER_FILES"
  echo
else
  say "no NVIDIA Vulkan manifest found; the Vulkan loader searches its default places"
fi
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp}
if command -v vulkaninfo > /dev/null; then vulkaninfo --summary 2>&1 | tail -25; else say "vulkaninfo not found (Dawn's probe follows)"; fi

# Node runs on glibc >= 2.28 and dawn.node wants glibc >= 2.34 and GLIBCXX_3.4.30: use the carried libraries
# only when the machine's are older.
NODE=("$WORK/node")
if ! "${NODE[@]}" -e 'require(process.argv[1])' "$WORK/dawn.node" 2> "$WORK/probe.err"; then
  say "dawn.node does not load with this machine's libraries: $(head -c 400 "$WORK/probe.err")"
  export LD_LIBRARY_PATH=$WORK/rt/cxx:$LD_LIBRARY_PATH
  if ! "${NODE[@]}" -e 'require(process.argv[1])' "$WORK/dawn.node" 2> "$WORK/probe.err"; then
    say "with the carried libstdc++ still not: $(head -c 400 "$WORK/probe.err"); using the carried glibc"
    NODE=("$WORK/rt/glibc/ld-linux-x86-64.so.2" --library-path "$WORK/rt/glibc:$LD_LIBRARY_PATH" "$WORK/node")
    "${NODE[@]}" -e 'require(process.argv[1])' "$WORK/dawn.node" || die "dawn.node does not load"
  fi
fi
say "node $("${NODE[@]}" --version); LD_LIBRARY_PATH=$LD_LIBRARY_PATH"

say "Dawn probe (flags: ${FLAGS[*]})"
VK_LOADER_DEBUG=error,warn "${NODE[@]}" .devgpu/probe.mjs "$WORK/dawn.node" "${FLAGS[@]}" || die "Dawn found no GPU adapter"

DAWN_ARGS=()
for f in "${FLAGS[@]}"; do DAWN_ARGS+=(--dawn-flag "$f"); done
bench() { # $1: output file; then extra flags
  local file=$1
  shift
  say "bench-dawn --cases $CASES --seconds $BUDGET $* -> $file"
  local t0
  t0=$(date +%s)
  timeout -k 5 "$LIMIT" "${NODE[@]}" .devgpu/bench-dawn.mjs --dawn "$WORK/dawn.node" "${DAWN_ARGS[@]}" \
    --cases "$CASES" --seconds "$BUDGET" "${EXTRA[@]}" "$@" > "$OUT/$file"
  local rc=$?
  say "exit $rc after $(($(date +%s) - t0))s; $(wc -c < "$OUT/$file") bytes of JSON"
  return $rc
}
cd "$REPO"
K=0 G=0 bench_submit=0
# RUN_VARIANTS picks the runs (default all three).
for variant in ${RUN_VARIANTS:-kernels generic submit15}; do
  case $variant in
    kernels) bench dawn-kernels.json; K=$? ;;
    generic) bench dawn-generic.json --generic; G=$? ;;
    # tfjs's own submit batch (15) beside the app's (64, in the kernels run).
    submit15) CASES=${SUBMIT_CASES:-S,long} bench dawn-submit15.json --submit-batch 15; bench_submit=$? ;;
    *) say "unknown variant $variant" ;;
  esac
done
say "done: kernels exit $K, generic exit $G, submit-15 exit $bench_submit; files in $OUT"
STATUS=$(( K != 0 || G != 0 ))
# Let tee write the last lines before the script ends.
exec 1>&- 2>&-
sleep 0.5
exit $STATUS
