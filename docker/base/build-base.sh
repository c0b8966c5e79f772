#!/usr/bin/env bash
# Builds Caster's base images locally, for machines that reach no container registry but do reach
# a Debian mirror: a Debian bookworm root filesystem made by debootstrap, then
#   caster/debian:bookworm   the root filesystem, `docker import`ed (minbase + ca-certificates,
#                            security updates applied)
#   caster/node-base:20      + this machine's Node 20 binary and npm, laid out like the official
#                            node image (/usr/local/bin/node, /usr/local/lib/node_modules/npm);
#                            use it as `--build-arg BASE_IMAGE=caster/node-base:20` for docker/Dockerfile
#   caster/postgres:15       PostgreSQL 15 and Redis 7 from Debian's packages, with entrypoints that
#   caster/redis:7           take the official images' variables (POSTGRES_USER, POSTGRES_PASSWORD,
#                            POSTGRES_DB, PGDATA) — for docker/compose.yml's POSTGRES_IMAGE/REDIS_IMAGE
#
# Usage: build-base.sh [--force] [--refresh] [node|services|all]
#   node (default)  caster/debian + caster/node-base
#   services        caster/debian + caster/postgres + caster/redis
#   all             all four
#   --force         rebuild the images even when they exist (from the cached root filesystem)
#   --refresh       also debootstrap again instead of using the cached root filesystem
# An image that exists is kept (a rerun takes about a second) unless it was built from another
# root filesystem key or, for node-base, another Node version than this machine's.
#
# Cache ($CASTER_IMAGE_CACHE, default /var/cache/caster-images, shared with the session images):
#   node-base-rootfs-<suite>-<key>.tar   debootstrap output + security updates + local CAs (key:
#                                        suite, mirror, package list, CA files, recipe version)
# Env: CASTER_IMAGE_CACHE, CASTER_DEBIAN_MIRROR (default: from /etc/apt/sources.list.d/debian.sources),
#      CASTER_DEBIAN_IMAGE, CASTER_NODE_BASE_IMAGE, CASTER_POSTGRES_IMAGE, CASTER_REDIS_IMAGE (names).
# Needs root (debootstrap, chroot), the Docker engine, and node/npm on this machine (copied in:
# their glibc must be bookworm's or older, true of Debian's and NodeSource's builds).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
debian_image="${CASTER_DEBIAN_IMAGE:-caster/debian:bookworm}"
node_image="${CASTER_NODE_BASE_IMAGE:-caster/node-base:20}"
postgres_image="${CASTER_POSTGRES_IMAGE:-caster/postgres:15}"
redis_image="${CASTER_REDIS_IMAGE:-caster/redis:7}"
cache="${CASTER_IMAGE_CACHE:-/var/cache/caster-images}"
suite=bookworm
recipe=1 # bump when the root filesystem recipe below changes (invalidates the cached tar)
force=0 refresh=0 what=node
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    --refresh) force=1 refresh=1 ;;
    node|services|all) what="$arg" ;;
    -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
    *) echo "usage: build-base.sh [--force] [--refresh] [node|services|all]" >&2; exit 2 ;;
  esac
done
t_start=$SECONDS
step() { echo "base: [$((SECONDS - t_start))s] $*"; }
exists() { docker image inspect "$1" >/dev/null 2>&1; }
label() { docker image inspect -f "{{index .Config.Labels \"$2\"}}" "$1" 2>/dev/null || true; }

# Runs `docker build` quietly (the legacy builder's chatter is shown only on failure).
build() {
  local out
  if ! out="$(docker build "$@" 2>&1)"; then echo "$out" | tail -40 >&2; return 1; fi
}

# After a rebuild: removes the image the tag pointed to before ($2) if it is now untagged and ours
# (labelled org.caster.image). Kept, silently, while a container still uses it.
drop_replaced() { # ref old-id
  [ -n "$2" ] && [ "$2" != "$(image_id "$1")" ] || return 0
  local info; info="$(docker image inspect -f '{{len .RepoTags}} {{index .Config.Labels "org.caster.image"}}' "$2" 2>/dev/null || true)"
  case "$info" in "0 "?*) docker rmi "$2" >/dev/null 2>&1 || true ;; esac
}
image_id() { docker image inspect -f '{{.Id}}' "$1" 2>/dev/null || true; }

# --- caster/debian:bookworm -------------------------------------------------------------------------
# shellcheck source=docker/lib/debian-mirror.sh
. "$here/../lib/debian-mirror.sh"
mirror="$(debian_mirror "$suite")"
security_mirror="${mirror%/debian}/debian-security"
# passwd: useradd/groupadd for the Dockerfiles; ca-certificates: TLS for npm and Node.
pkgs=(ca-certificates passwd)
# Certificate authorities this machine's administrator added (a TLS-inspecting egress proxy, a
# private registry mirror): the base trusts them too, or `npm ci` in the image cannot reach the
# registry. CASTER_BASE_EXTRA_CAS= (empty) leaves them out.
extra_cas="${CASTER_BASE_EXTRA_CAS-/usr/local/share/ca-certificates}"
extra_ca_files=()
if [ -n "$extra_cas" ] && [ -d "$extra_cas" ]; then
  while IFS= read -r f; do extra_ca_files+=("$f"); done < <(find "$extra_cas" -name '*.crt' -type f | sort)
fi
key="$(printf '%s\n' "$recipe" "$suite" "$mirror" "${pkgs[@]}" |
  cat - ${extra_ca_files[@]+"${extra_ca_files[@]}"} | sha256sum | cut -c1-12)"
rootfs_tar="$cache/node-base-rootfs-$suite-$key.tar"

build_debian() {
  [ "$(id -u)" = 0 ] || { echo "build-base.sh: needs root (debootstrap, chroot)" >&2; exit 1; }
  mkdir -p "$cache"
  if [ ! -s "$rootfs_tar" ] || [ "$refresh" = 1 ]; then
    if ! command -v debootstrap >/dev/null 2>&1; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
    fi
    local work; work="$(mktemp -d /var/tmp/caster-base.XXXXXX)"
    # shellcheck disable=SC2064
    trap "umount '$work/rootfs/proc' 2>/dev/null || true; rm -rf --one-file-system '$work'" EXIT
    local root="$work/rootfs"
    step "debootstrap --variant=minbase $suite from $mirror (1-2 minutes) ..."
    debootstrap --variant=minbase --include="$(IFS=,; echo "${pkgs[*]}")" "$suite" "$root" "$mirror" \
      >"$work/debootstrap.log" 2>&1 || { tail -30 "$work/debootstrap.log" >&2; exit 1; }
    step "security updates"
    rm -f "$root/etc/apt/sources.list"
    cat >"$root/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security_mirror
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
    # Containers need no man pages or translations (the same exclusions as Debian's slim images).
    cat >"$root/etc/dpkg/dpkg.cfg.d/docker-slim" <<'SLIM'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
SLIM
    printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$root/etc/apt/apt.conf.d/90caster"
    mount -t proc proc "$root/proc"
    chroot "$root" /bin/sh -ec 'export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq && apt-get -y -qq upgrade >/dev/null && apt-get clean' \
      >"$work/upgrade.log" 2>&1 || { tail -30 "$work/upgrade.log" >&2; exit 1; }
    if [ "${#extra_ca_files[@]}" -gt 0 ]; then
      step "trusting ${#extra_ca_files[@]} local CA certificate(s) from $extra_cas"
      cp "${extra_ca_files[@]}" "$root/usr/local/share/ca-certificates/"
      chroot "$root" update-ca-certificates >/dev/null 2>&1
    fi
    umount "$root/proc"
    rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/log/*.log \
      "$root"/var/cache/debconf/*-old "$root"/usr/share/man/* "$root"/usr/share/info/*
    find "$root/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
    find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
    echo caster >"$root/etc/hostname"
    rm -f "$cache"/node-base-rootfs-"$suite"-*.tar
    tar --numeric-owner -C "$root" -cf "$rootfs_tar.tmp" . && mv "$rootfs_tar.tmp" "$rootfs_tar"
    step "cached $rootfs_tar ($(du -h "$rootfs_tar" | cut -f1))"
  fi
  step "import $debian_image"
  local old; old="$(image_id "$debian_image")"
  docker import \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8' \
    -c 'CMD ["bash"]' \
    -c "LABEL org.caster.image=debian org.caster.rootfs=$key" \
    "$rootfs_tar" "$debian_image" >/dev/null
  drop_replaced "$debian_image" "$old"
}

# --- caster/node-base:20 ----------------------------------------------------------------------------
node_bin="$(readlink -f "$(command -v node)")"
node_version="$("$node_bin" --version)"
build_node() {
  local npm_dir ctx
  npm_dir="$(cd "$(dirname "$(readlink -f "$(command -v npm)")")/.." && pwd)"
  [ -f "$npm_dir/package.json" ] || { echo "build-base.sh: npm not found next to $(command -v npm)" >&2; exit 1; }
  case "$node_version" in v20.*) ;; *) echo "build-base.sh: warning: this machine's node is $node_version, not 20" >&2 ;; esac
  ctx="$(mktemp -d /var/tmp/caster-node-base.XXXXXX)"
  # shellcheck disable=SC2064
  trap "rm -rf '$ctx'" RETURN
  cp "$node_bin" "$ctx/node"
  cp -a "$npm_dir" "$ctx/npm"
  cp "$here/node/Dockerfile" "$ctx/Dockerfile"
  step "build $node_image (node $node_version, npm $(npm --version))"
  local old; old="$(image_id "$node_image")"
  build -t "$node_image" --build-arg DEBIAN_IMAGE="$debian_image" --build-arg NODE_VERSION="${node_version#v}" \
    --label org.caster.image=node-base --label org.caster.node-version="$node_version" \
    --label org.caster.rootfs="$key" "$ctx"
  drop_replaced "$node_image" "$old"
}

build_service() { # name image
  step "build $2 (Debian packages)"
  local old; old="$(image_id "$2")"
  build -t "$2" --build-arg DEBIAN_IMAGE="$debian_image" --label org.caster.image="$1" \
    --label org.caster.rootfs="$key" "$here/$1"
  drop_replaced "$2" "$old"
}

want_node=0 want_services=0
case "$what" in node) want_node=1 ;; services) want_services=1 ;; all) want_node=1 want_services=1 ;; esac

# Whether an image must be (re)built: missing, --force, or made from another root filesystem.
stale() { [ "$force" = 1 ] || ! exists "$1" || [ "$(label "$1" org.caster.rootfs)" != "$key" ]; }
rebuild_node=0 rebuild_postgres=0 rebuild_redis=0
if [ "$want_node" = 1 ]; then
  if stale "$node_image" || [ "$(label "$node_image" org.caster.node-version)" != "$node_version" ]; then
    rebuild_node=1
  fi
fi
if [ "$want_services" = 1 ]; then
  stale "$postgres_image" && rebuild_postgres=1
  stale "$redis_image" && rebuild_redis=1
fi
if [ $((rebuild_node + rebuild_postgres + rebuild_redis)) -gt 0 ] && stale "$debian_image"; then build_debian; fi
[ "$rebuild_node" = 0 ] || build_node
[ "$rebuild_postgres" = 0 ] || build_service postgres "$postgres_image"
[ "$rebuild_redis" = 0 ] || build_service redis "$redis_image"
for img in "$debian_image" "$node_image" "$postgres_image" "$redis_image"; do
  case "$what:$img" in
    node:"$postgres_image" | node:"$redis_image" | services:"$node_image") continue ;;
  esac
  exists "$img" && echo "base: $img $(docker image inspect -f '{{.Size}}' "$img" | awk '{printf "%.0f MB", $1/1e6}')"
done
step "done"
