# Sourced by scripts/test-image.sh: podman as it works on the project's CI machines (Debian 12
# VMs, two cores, no container registry). Learned from ../shared/recipes/oci-on-these-machines.sh:
#   - crun cannot run there (hybrid cgroups): runc, cgroupfs, ulimits within the VM's hard limits;
#   - no registry for base images: a stand-in for node:20-bookworm-slim from debootstrap plus
#     this machine's node and npm (skipped when the image exists, e.g. pulled on a normal host);
#   - npm in the build trusts what the host trusts (CA bundle and npmrc mounted at build time);
#   - node-gyp (pkcs11js) cannot download Node's headers: the host's are mounted and named;
#   - HEALTHCHECK is kept only with --format docker.
set -euo pipefail
IMAGE_WORK=${IMAGE_WORK:-${XDG_CACHE_HOME:-$HOME/.cache}/veil-image}
mkdir -p "$IMAGE_WORK"
if ! command -v podman >/dev/null || ! command -v runc >/dev/null || ! command -v debootstrap >/dev/null; then
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q podman runc debootstrap uidmap slirp4netns fuse-overlayfs >/dev/null
fi
cat > "$IMAGE_WORK/containers.conf" <<'CONF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
CONF
export CONTAINERS_CONF=$IMAGE_WORK/containers.conf
if ! podman image exists docker.io/library/node:20-bookworm-slim; then
  MIRROR=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  R=$IMAGE_WORK/rootfs
  rm -rf "$R"
  debootstrap --variant=minbase bookworm "$R" "$MIRROR" >"$IMAGE_WORK/debootstrap.log" 2>&1
  rm -rf "$R"/var/cache/apt/archives/*.deb "$R"/var/lib/apt/lists/*
  mkdir -p "$R"/usr/local/bin "$R"/usr/local/lib/node_modules
  cp "$(command -v node)" "$R"/usr/local/bin/node
  cp -a "$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")" "$R"/usr/local/lib/node_modules/npm
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$R"/usr/local/bin/npm
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$R"/usr/local/bin/npx
  chroot "$R" groupadd --gid 1000 node
  chroot "$R" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  tar -C "$R" --numeric-owner -c . | podman import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["node"]' - docker.io/library/node:20-bookworm-slim >/dev/null
  rm -rf "$R"
fi
printf 'cafile=/etc/ssl/certs/ca-certificates.crt\n' > "$IMAGE_WORK/npmrc"
BUILD_MOUNTS=(-v /etc/ssl/certs/ca-certificates.crt:/etc/ssl/certs/ca-certificates.crt:ro
  -v "$IMAGE_WORK/npmrc:/usr/local/etc/npmrc:ro")
if [ -f /usr/include/node/common.gypi ]; then
  printf 'nodedir=/usr\n' >> "$IMAGE_WORK/npmrc"
  BUILD_MOUNTS+=(-v /usr/include/node:/usr/include/node:ro)
fi
