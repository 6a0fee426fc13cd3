#!/usr/bin/env bash
# The README's `npm ci && npm test` on a machine that has Node and nothing else: a clean clone of
# a commit (no node_modules, no dist) in a container of the project's stand-in
# node:24-bookworm-slim base (docker/podman/stand-in-base.sh: Debian minbase + Node + npm; no
# Chromium, no fonts, no podman, no compiler), run with podman as root. Prints the suites' closing
# line "N passed, N failed, N skipped" last and exits with npm test's status.
#
#   test/clean-machine/run-in-container.sh [commit]      (default: HEAD of this checkout)
#
# Installed first, from Debian: python3, make and g++, because better-sqlite3 has to compile its
# addon here (its prebuilt binary is downloaded from outside the npm registry, which this network
# cannot reach; a machine on the open internet gets the prebuilt one instead); and curl and
# openssl, because the README's "sign by hand" steps are curl and openssl commands that the
# README test runs verbatim (and the journal's "copy as curl" is run by a real curl).
# The container gets CAP_SYS_ADMIN so that the full-disk tests can mount their small tmpfs, as
# root on a CI machine can; without it they skip with a banner. It gets this machine's own
# open-file limit (the project's containers.conf sets 4096 for the image test), so that the
# 10,000-idle-connections test runs in full.
# Everything else, the Chromium the browser tests use and the pages' Korean font included, comes
# from `npm ci`. Takes ~10 min on 2 cores (apt ~1 min, npm ci with the compile ~2-3 min, the suites
# the rest); needs root, podman and runc (apt-get install podman runc debootstrap), and the npm
# registry and Debian's mirror.
set -euo pipefail

repo="$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
commit="$(git -C "$repo" rev-parse --verify "${1:-HEAD}^{commit}")"
export CONTAINERS_CONF="$repo/docker/podman/containers.conf"
export CONTAINERS_STORAGE_CONF="$repo/docker/podman/storage.conf"
base="docker.io/library/node:${NODE_VERSION:-24.22.3}-bookworm-slim"
name="antom-clean-machine-$$"

if [ "$(id -u)" != "0" ] || ! command -v podman >/dev/null || ! command -v runc >/dev/null; then
  echo "clean-machine: needs root with podman and runc (apt-get install podman runc debootstrap)" >&2
  exit 2
fi
bash "$repo/docker/podman/stand-in-base.sh"

work="$(mktemp -d /var/tmp/antom-clean-machine.XXXXXX)"
cleanup() {
  podman rm -f -t 0 "$name" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# a clean clone of the commit: what a new user gets, without this checkout's node_modules or dist
git clone --quiet --no-checkout "$repo" "$work/src"
git -C "$work/src" -c advice.detachedHead=false checkout --quiet --detach "$commit"
echo "clean-machine: $(git -C "$work/src" log -1 --format='%h %s' | cut -c1-100)"

ca=()
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  # the registry's TLS is checked against the host's bundle (the base has no ca-certificates)
  ca=(-v /etc/ssl/certs/ca-certificates.crt:/host-ca.crt:ro -e NPM_CONFIG_CAFILE=/host-ca.crt)
fi

started=$(date +%s)
status=0
# CI=true: vitest also writes test-results/vitest.json, read for the closing line
podman run --rm --pull=never --name "$name" --cap-add SYS_ADMIN \
  --ulimit "nofile=$(ulimit -Hn):$(ulimit -Hn)" --ulimit nproc=4096:4096 \
  -v "$work/src:/app" -w /app "${ca[@]}" \
  -e CI=true -e PACT_DO_NOT_TRACK=true -e NPM_CONFIG_UPDATE_NOTIFIER=false \
  -e npm_config_nodedir=/usr/local \
  "$base" bash -c '
    set -e
    echo "clean-machine: $(node --version), npm $(npm --version); chromium: $(command -v chromium || echo none); CJK fonts: $(ls /usr/share/fonts 2>/dev/null | wc -l) font folders; podman: $(command -v podman || echo none)"
    echo "clean-machine: apt-get install python3 make g++ (better-sqlite3 compiles its addon) curl openssl (the README commands)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 make g++ curl openssl >/dev/null
    echo "clean-machine: npm ci"
    npm ci --no-audit --no-fund
    echo "clean-machine: npm test"
    set +e
    npm test
    status=$?
    node .ci/vitest-summary.mjs test-results/vitest.json >test-results/closing-line.txt
    exit $status
  ' || status=$?

echo "clean-machine: $(( $(date +%s) - started )) s in the container"
mkdir -p "$repo/test-results"
cp "$work/src/test-results/vitest.json" "$repo/test-results/clean-machine-vitest.json" 2>/dev/null || true
cat "$work/src/test-results/closing-line.txt" 2>/dev/null || echo "0 passed, 1 failed, 0 skipped"
exit "$status"
