#!/usr/bin/env bash
# Vastuu's one entry point: installs what is missing, fetches and verifies the pinned third-party
# sources, builds, tests and serves. Idempotent: a second run only rebuilds what changed.
#
#   ./build.sh serve [--port N]   build the release web app and serve it on 127.0.0.1 (default port 8080)
#   ./build.sh team [--port N] [--data DIR] [--empty]
#                                 build the web app and vastuu-server and run the team server on
#                                 127.0.0.1 (default port 8080, data in ./team-data, demo data unless --empty)
#   ./build.sh test               build everything (native + wasm) and run every test (ctest)
#   ./build.sh native             build the native engine, tests and the vastuu command-line tool
#   ./build.sh web                build the web app into build/web/dist
#   ./build.sh bench              run the benchmark suite (writes bench/RESULTS.md, bench/results.json)
#   ./build.sh bench soak [--seconds N]
#                                 only the team server's soak (bench/server_soak.cpp, about 3.5 min): rewrites its
#                                 section of bench/RESULTS.md, its figures in results.json and bench/soak_results.json
#   ./build.sh fuzz [SECONDS]     build the importers' fuzz targets (clang-14) and run each SECONDS (default 60)
#   ./build.sh deps               only install packages and fetch sources
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DEPS="$ROOT/.deps"                                   # git-ignored: unpacked third-party sources
CACHE="${VASTUU_CACHE:-$HOME/.cache/vastuu}"          # downloaded tarballs, verified by sha256
JOBS="${JOBS:-$(nproc)}"
export NODE_PATH=/usr/share/nodejs                   # emcc needs Debian's acorn (TOOLCHAIN.md)

step() { printf '\n==> %s\n' "$*"; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# [SECTION] Packages
# ---------------------------------------------------------------------------------------------
APT_PACKAGES=(cmake g++ make emscripten nlohmann-json3-dev doctest-dev chromium
              fonts-noto-core python3-fonttools xz-utils unzip sqlite3 brotli gzip clang-14
              libclang-rt-14-dev time libboost-dev libsodium-dev)

install_packages() {
    local missing=()
    for p in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    # Node.js may come from outside Debian (these machines ship node 20 + npm 11); use Debian's only if none.
    command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)
    if [ ${#missing[@]} -eq 0 ]; then
        step "packages: all present"
        return
    fi
    step "packages: installing ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# ---------------------------------------------------------------------------------------------
# [SECTION] Pinned sources (TOOLCHAIN.md): name, Debian source package/suite or npm spec, file, sha256
# ---------------------------------------------------------------------------------------------
IMGUI_TAR=imgui_1.90.1+ds.orig.tar.xz
IMGUI_SHA=ecce377df0f90b292f15dcbd83d438bddc162b2388c881132bde18c787572a1c
XLSX_TAR=libxlsxwriter_1.1.4.orig.tar.gz
XLSX_SHA=b379eb35fdd9c653ebe72485b9c992f612c7ea66f732784457997d6e782f619b
ZLIB_TAR=zlib_1.3.dfsg+really1.3.1.orig.tar.gz
ZLIB_SHA=60dd315c07f616887caa029408308a018ace66e3d142726a97db164b3b8f69fb
SQLITE_TGZ=better-sqlite3-12.11.1.tgz
SQLITE_SHA=ebf0ed75a7a59dbcb3b24bbd014ef49d9f15bc328e4adcbf516f2a8fadfa2835

verified() { [ -f "$1" ] && echo "$2  $1" | sha256sum -c --status; }

# Downloads a Debian source package's orig tarball with a private sources list, leaving the
# system's apt configuration alone.
fetch_debian_source() {  # name suite file sha
    local name=$1 suite=$2 file=$3 sha=$4
    verified "$CACHE/$file" "$sha" && return
    step "fetch: $name ($suite source package)"
    local work="$CACHE/apt-$suite"
    mkdir -p "$work/lists/partial"
    echo "deb-src http://deb.debian.org/debian $suite main" > "$work/sources.list"
    local opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/nonexistent
                -o "Dir::State::Lists=$work/lists" -o Debug::NoDropPrivs=true -o APT::Sandbox::User=root)
    [ -f "$work/lists/.updated" ] || { apt-get -q "${opts[@]}" update >/dev/null && touch "$work/lists/.updated"; }
    (cd "$CACHE" && apt-get -q "${opts[@]}" source --download-only --tar-only "$name/$suite" >/dev/null 2>&1) ||
        { rm -f "$work/lists/.updated"; apt-get -q "${opts[@]}" update >/dev/null;
          (cd "$CACHE" && apt-get -q "${opts[@]}" source --download-only --tar-only "$name/$suite" >/dev/null); }
    verified "$CACHE/$file" "$sha" || die "$file: sha256 does not match the pinned $sha"
}

fetch_npm_tarball() {  # spec file sha
    local spec=$1 file=$2 sha=$3
    verified "$CACHE/$file" "$sha" && return
    step "fetch: $spec (npm pack)"
    (cd "$CACHE" && npm pack --silent "$spec" >/dev/null)
    verified "$CACHE/$file" "$sha" || die "$file: sha256 does not match the pinned $sha"
}

unpack() {  # file sha dest [strip]
    local file=$1 sha=$2 dest=$3
    if [ -f "$dest/.sha256" ] && [ "$(cat "$dest/.sha256")" = "$sha" ]; then return; fi
    step "unpack: $file"
    rm -rf "$dest" && mkdir -p "$dest"
    tar -xf "$CACHE/$file" -C "$dest" --strip-components=1
    echo "$sha" > "$dest/.sha256"
}

fetch_sources() {
    mkdir -p "$CACHE" "$DEPS"
    fetch_debian_source imgui trixie "$IMGUI_TAR" "$IMGUI_SHA"
    fetch_debian_source libxlsxwriter bookworm "$XLSX_TAR" "$XLSX_SHA"
    fetch_debian_source zlib trixie "$ZLIB_TAR" "$ZLIB_SHA"
    fetch_npm_tarball better-sqlite3@12.11.1 "$SQLITE_TGZ" "$SQLITE_SHA"
    unpack "$IMGUI_TAR" "$IMGUI_SHA" "$DEPS/imgui"
    unpack "$XLSX_TAR" "$XLSX_SHA" "$DEPS/libxlsxwriter"
    unpack "$ZLIB_TAR" "$ZLIB_SHA" "$DEPS/zlib"
    unpack "$SQLITE_TGZ" "$SQLITE_SHA" "$DEPS/better-sqlite3"
    # Header-only libraries get a private include dir: /usr/include must not enter emcc's sysroot.
    mkdir -p "$DEPS/include"
    ln -sfn /usr/include/nlohmann "$DEPS/include/nlohmann"
    ln -sfn /usr/include/doctest "$DEPS/include/doctest"
}

npm_packages() {  # folder (tests or bench): installs its package-lock.json when it changed
    local dir="$ROOT/$1"
    [ -f "$dir/package-lock.json" ] || return 0
    if [ ! -f "$dir/node_modules/.stamp" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.stamp" ]; then
        step "npm: installing $1/package-lock.json"
        (cd "$dir" && npm ci --no-audit --no-fund --silent) && touch "$dir/node_modules/.stamp"
    fi
}

deps() {
    install_packages
    fetch_sources
}

# ---------------------------------------------------------------------------------------------
# [SECTION] Builds
# ---------------------------------------------------------------------------------------------
build_native() {
    step "native: configure and build (build/native)"
    cmake -S "$ROOT" -B "$ROOT/build/native" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build "$ROOT/build/native" -j "$JOBS"
}

build_web() {
    step "web: configure and build with Emscripten (build/web)"
    emcmake cmake -S "$ROOT" -B "$ROOT/build/web" -DCMAKE_BUILD_TYPE=Release \
            "-DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node;--no-experimental-fetch" >/dev/null
    cmake --build "$ROOT/build/web" -j "$JOBS"
    step "web: app is in build/web/dist"
}

run_tests() {
    npm_packages tests
    step "test: native unit tests, the same tests as wasm under node, browser end-to-end tests"
    # The native build's ctest runs native tests; the web build's ctest runs wasm and browser tests.
    ctest --test-dir "$ROOT/build/native" --output-on-failure
    ctest --test-dir "$ROOT/build/web" --output-on-failure
}

build_server() {
    step "server: configure and build vastuu-server $* (build/native)"
    cmake -S "$ROOT" -B "$ROOT/build/native" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build "$ROOT/build/native" -j "$JOBS" --target vastuu-server "$@"
}

# The team server on 127.0.0.1: the first start creates the data folder (demo data unless --empty)
# and prints a one-time link for the first administrator.
team() {
    local port=${PORT:-8080} data="$ROOT/team-data" extra=()
    while [ $# -gt 0 ]; do
        case $1 in
            --port) port=$2; shift 2 ;;
            --port=*) port=${1#--port=}; shift ;;
            --data) data=$2; shift 2 ;;
            --data=*) data=${1#--data=}; shift ;;
            --empty) extra+=(--empty); shift ;;
            *) die "team: unknown option $1" ;;
        esac
    done
    step "team: http://127.0.0.1:$port/ with data in $data (Ctrl+C stops)"
    exec "$ROOT/build/native/vastuu-server" serve --data "$data" --port "$port" --static "$ROOT/build/web/dist" "${extra[@]}"
}

serve() {
    local port=${PORT:-8080}
    while [ $# -gt 0 ]; do
        case $1 in
            --port) port=$2; shift 2 ;;
            --port=*) port=${1#--port=}; shift ;;
            *) die "serve: unknown option $1" ;;
        esac
    done
    step "serve: http://127.0.0.1:$port/ (Ctrl+C stops)"
    exec node "$ROOT/web/dev_server.mjs" "$ROOT/build/web/dist" "$port"
}

cmd=${1:-test}
[ $# -gt 0 ] && shift
case $cmd in
    deps) deps ;;
    native) deps; build_native ;;
    web) deps; build_web ;;
    test) deps; build_native; build_web; run_tests ;;
    serve) deps; build_web; serve "$@" ;;
    team) deps; build_web; build_server; team "$@" ;;
    fuzz) deps; step "fuzz: the JSON and CSV importers (libFuzzer, clang-14), ${1:-60} s each"; exec "$ROOT/tests/fuzz/run.sh" "${1:-60}" ;;
    bench)
        if [ "${1:-}" = soak ]; then
            shift; deps; build_server server_soak; step "bench: the team server's soak"; exec node "$ROOT/bench/soak.mjs" "$@"
        fi
        deps; build_native; build_web; npm_packages tests; npm_packages bench; step "bench: running"; exec node "$ROOT/bench/run.mjs" "$@" ;;
    *) die "unknown command '$cmd' (serve, team, test, native, web, bench, deps)" ;;
esac
