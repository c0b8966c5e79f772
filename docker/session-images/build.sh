#!/usr/bin/env bash
# Builds Caster's session images locally (no registry is pulled from).
#   build.sh            the tiny test app image (caster/tiny-app; a few seconds)
#   build.sh netguard   only the firewall helper the API runs on each engine (caster/netguard; iptables)
#   build.sh desktop    also the noVNC desktop image (caster/desktop; needs root and debootstrap;
#                       first build several minutes, then ~15 s from /var/cache/caster-images)
#   build.sh browser    also the Chromium kiosk image (caster/browser; from the desktop's root
#                       filesystem + apt; a few minutes more on a fresh machine, ~1 s when unchanged)
#   build.sh rdp-gateway  also the RDP gateway (caster/rdp-gateway: FreeRDP on the desktop's display)
#   build.sh xrdp-test  the desktop and an xrdp server for tests (caster/xrdp-test; not a session image)
#   build.sh ci         everything the test suite uses (tiny, netguard, desktop, browser, gateway, xrdp)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
what="${1:-tiny}"

# Installs the named Debian packages on the build host if any is missing.
need_debs() {
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ "${#missing[@]}" -eq 0 ] && return 0
  echo "installing on the build host: ${missing[*]}" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# After a rebuild: removes the image that $1 pointed to before ($2), if the tag moved, it has no
# tag left and it carries our label $3 (org.caster.image). Skipped silently while a container uses it.
drop_replaced() {
  local ref="$1" old="$2" label="$3" new
  [ -n "$old" ] || return 0
  new="$(docker image inspect -f '{{.Id}}' "$ref" 2>/dev/null || true)"
  [ "$old" != "$new" ] || return 0
  [ "$(docker image inspect -f '{{len .RepoTags}} {{index .Config.Labels "org.caster.image"}}' "$old" 2>/dev/null)" = "0 $label" ] || return 0
  docker rmi "$old" >/dev/null 2>&1 || true
}

# Copies a dynamically linked binary into a root filesystem together with the files ldd names.
copy_with_libs() {
  local bin="$1" root="$2" dest="${3:-$1}" lib
  install -D -m 0755 "$bin" "$root$dest"
  for lib in $(ldd "$bin" 2>/dev/null | grep -oE '(^|[[:space:]])/[^[:space:]]+' | tr -d '[:blank:]'); do
    [ -e "$lib" ] || continue
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
}

build_tiny() {
  # busybox-static: a statically linked busybox at /bin/busybox.
  # websocketd: one Go binary (dynamically linked against glibc only) serving static files and
  # WebSockets on the same port.
  need_debs busybox-static websocketd
  local ctx; ctx="$(mktemp -d)"
  trap 'rm -rf "$ctx"' RETURN
  local root="$ctx/rootfs"
  mkdir -p "$root/bin" "$root/tmp" "$root/www" "$root/home/kasm-user" "$root/usr/local/bin" "$root/etc"
  chmod 1777 "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  # applet symlinks /bin/<applet> -> busybox, in one process (perl-base is essential on Debian)
  # instead of ~400 `ln -s` forks; needs no root, unlike `chroot … busybox --install -s`.
  perl -e 'chdir shift or die; for (@ARGV) { symlink("busybox", $_) or die "$_: $!\n" }' \
    "$root/bin" $("$root/bin/busybox" --list | grep -vx busybox)
  copy_with_libs /usr/bin/websocketd "$root" /bin/websocketd
  printf 'root:x:0:0:root:/root:/bin/sh\nkasm-user:x:1000:1000::/home/kasm-user:/bin/sh\n' > "$root/etc/passwd"
  printf 'root:x:0:\nkasm-user:x:1000:\n' > "$root/etc/group"
  install -m 0755 "$here/tiny/entrypoint.sh" "$root/entrypoint.sh"
  install -m 0755 "$here/tiny/caster-open-url" "$root/usr/local/bin/caster-open-url"
  cp "$here/tiny/Dockerfile" "$ctx/Dockerfile"
  # (the engine's legacy builder prints a deprecation notice on stderr: shown only on failure)
  local out old
  old="$(docker image inspect -f '{{.Id}}' caster/tiny-app:latest 2>/dev/null || true)"
  if ! out="$(docker build -q -t caster/tiny-app:latest --label org.caster.image=tiny-app "$ctx" 2>&1)"; then
    echo "$out" >&2; return 1
  fi
  drop_replaced caster/tiny-app:latest "$old" tiny-app
  echo "built caster/tiny-app:latest"
}

build_netguard() {
  # iptables: xtables-nft-multi and xtables-legacy-multi (the helper uses whichever back end holds
  # Docker's rules), their extension modules (dlopened, so ldd does not name them) and libraries.
  need_debs busybox-static iptables
  local ctx; ctx="$(mktemp -d)"
  trap 'rm -rf "$ctx"' RETURN
  local root="$ctx/rootfs" xt=/usr/lib/x86_64-linux-gnu/xtables m
  [ -d "$xt" ] || xt="$(dirname "$(dpkg -L libxtables12 | grep -m1 '/xtables/lib')")"
  mkdir -p "$root/bin" "$root/usr/sbin" "$root/etc" "$root/run" "$root/tmp" "$root$xt"
  chmod 1777 "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  perl -e 'chdir shift or die; for (@ARGV) { symlink("busybox", $_) or die "$_: $!\n" }' \
    "$root/bin" $("$root/bin/busybox" --list | grep -vx busybox)
  copy_with_libs /usr/sbin/xtables-nft-multi "$root"
  copy_with_libs /usr/sbin/xtables-legacy-multi "$root"
  for m in "$xt"/*.so; do copy_with_libs "$m" "$root"; done
  cp /etc/protocols /etc/services "$root/etc/" 2>/dev/null || true
  install -m 0755 "$here/netguard/netguard.sh" "$root/netguard.sh"
  cp "$here/netguard/Dockerfile" "$ctx/Dockerfile"
  local out old
  old="$(docker image inspect -f '{{.Id}}' caster/netguard:latest 2>/dev/null || true)"
  if ! out="$(docker build -q -t caster/netguard:latest --label org.caster.image=netguard "$ctx" 2>&1)"; then
    echo "$out" >&2; return 1
  fi
  drop_replaced caster/netguard:latest "$old" netguard
  echo "built caster/netguard:latest"
}

case "$what" in
  tiny) build_tiny; build_netguard ;;
  netguard) build_netguard ;;
  desktop) build_tiny; build_netguard; bash "$here/desktop/build.sh" ;;
  browser) build_tiny; build_netguard; bash "$here/desktop/build.sh"; bash "$here/browser/build.sh" ;;
  rdp-gateway) build_tiny; build_netguard; bash "$here/desktop/build.sh"; bash "$here/rdp-gateway/build.sh" ;;
  xrdp-test) bash "$here/desktop/build.sh"; bash "$here/xrdp-test/build.sh" ;;
  ci) build_tiny; build_netguard; bash "$here/desktop/build.sh"; bash "$here/browser/build.sh"
      bash "$here/rdp-gateway/build.sh"; bash "$here/xrdp-test/build.sh" ;;
  all) build_tiny; build_netguard; bash "$here/desktop/build.sh"; bash "$here/browser/build.sh"
       bash "$here/rdp-gateway/build.sh"; bash "$here/xrdp-test/build.sh" ;;
  *) echo "usage: build.sh [tiny|netguard|desktop|browser|rdp-gateway|xrdp-test|ci|all]" >&2; exit 2 ;;
esac
