#!/usr/bin/env bash
# Builds Caster's session images locally (no registry is pulled from).
#   build.sh            the tiny test app image (caster/tiny-app)
#   build.sh desktop    also the noVNC desktop image (caster/desktop; ~2 min, needs debootstrap)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
what="${1:-tiny}"

build_tiny() {
  # Debian's busybox-static puts a statically linked busybox at /bin/busybox.
  if ! dpkg -s busybox-static >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq busybox-static >/dev/null
  fi
  local ctx; ctx="$(mktemp -d)"
  trap 'rm -rf "$ctx"' RETURN
  mkdir -p "$ctx/rootfs/bin" "$ctx/rootfs/tmp" "$ctx/rootfs/www" "$ctx/rootfs/home/kasm-user"
  cp /bin/busybox "$ctx/rootfs/bin/busybox"
  for app in $("$ctx/rootfs/bin/busybox" --list); do
    [ "$app" = busybox ] || ln -s busybox "$ctx/rootfs/bin/$app"
  done
  cp "$here/tiny/entrypoint.sh" "$ctx/rootfs/entrypoint.sh"
  cp "$here/tiny/Dockerfile" "$ctx/Dockerfile"
  docker build -q -t caster/tiny-app:latest --label org.caster.image=tiny-app "$ctx" >/dev/null
  echo "built caster/tiny-app:latest"
}

case "$what" in
  tiny) build_tiny ;;
  desktop) build_tiny; bash "$here/desktop/build.sh" ;;
  all) build_tiny; bash "$here/desktop/build.sh" ;;
  *) echo "usage: build.sh [tiny|desktop|all]" >&2; exit 2 ;;
esac
