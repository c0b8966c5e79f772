#!/usr/bin/env bash
# Builds caster/browser:latest without any registry: the desktop's debootstrapped Debian bookworm
# root filesystem (desktop/base.sh; made by desktop/build.sh if missing), plus Chromium, fonts and
# NSS tools installed with apt inside it (bookworm + bookworm-security from the mirror in
# /etc/apt/sources.list.d/debian.sources), noVNC's static files and the session files, then
# `docker import`. Needs root (chroot) and the Docker engine. Called by `../build.sh browser`.
#
# Cache ($CASTER_IMAGE_CACHE, default /var/cache/caster-images):
#   desktop-base-<suite>-<key>.tar   shared with the desktop image (debootstrap output)
#   browser-root-<suite>-<key>.tar   after the apt install and clean-up (key: base key, package
#                                    list, this file); a few minutes on a fresh machine
# The image carries the label org.caster.build=<hash of every input>: when the tag already points
# to an image with the same hash nothing is rebuilt (a cached rebuild takes about a second).
# Env: CASTER_IMAGE_CACHE, CASTER_DEBIAN_MIRROR, CASTER_DEBIAN_SECURITY_MIRROR,
#      CASTER_BROWSER_IMAGE (default caster/browser:latest), CASTER_BROWSER_REFRESH=1 (ignore caches).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
desk="$here/../desktop"
image="${CASTER_BROWSER_IMAGE:-caster/browser:latest}"
cache="${CASTER_IMAGE_CACHE:-/var/cache/caster-images}"
refresh="${CASTER_BROWSER_REFRESH:-0}"
suite=bookworm
t_start=$SECONDS
step() { echo "browser: [$((SECONDS - t_start))s] $*"; }

[ "$(id -u)" = 0 ] || { echo "browser/build.sh: needs root (chroot)" >&2; exit 1; }

# shellcheck source=docker/lib/debian-mirror.sh
. "$here/../../lib/debian-mirror.sh"
mirror="$(debian_mirror "$suite")"
security="${CASTER_DEBIAN_SECURITY_MIRROR:-$(CASTER_DEBIAN_MIRROR='' debian_mirror "$suite-security")}"
case "$security" in *security*) ;; *) security="" ;; esac
# shellcheck source=docker/session-images/desktop/base.sh
. "$desk/base.sh"
# shellcheck source=docker/session-images/lib/image-kit.sh
. "$here/../lib/image-kit.sh"
# chromium: Debian's build (no Google update service); fonts-noto-core: Latin, Greek, Cyrillic,
# Arabic, Hebrew, Indic, Thai, ...; fonts-noto-cjk: Chinese, Japanese, Korean; fonts-noto-color-emoji;
# libnss3-tools: certutil, to give Chromium the CAs of a derived image; pulseaudio(-utils): the
# session's sound and microphone (caster-audio-server).
browser_pkgs=(chromium fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji libnss3-tools
              pulseaudio pulseaudio-utils)
rkey="$(cat <(printf '%s\n' "$key" "$security" "${browser_pkgs[@]}") "$here/build.sh" | sha256sum | cut -c1-12)"
rootcache="$cache/browser-root-$suite-$rkey.tar"
mkdir -p "$cache"

novnc_deb="$(ls "$cache"/novnc_*.deb 2>/dev/null | tail -1 || true)"
if [ -z "$novnc_deb" ]; then
  (cd "$cache" && apt-get download novnc >/dev/null 2>&1) \
    || { apt-get update -qq && (cd "$cache" && apt-get download novnc >/dev/null); }
  novnc_deb="$(ls "$cache"/novnc_*.deb | tail -1)"
fi
inputs="$(cat <(printf '%s\n' "$rkey" "$(basename "$novnc_deb")") "$here"/* "$desk/index.html" "$desk"/caster-* "$desk"/pulse* "$here/../lib/image-kit.sh" \
          | sha256sum | cut -c1-16)"
if [ "$refresh" != 1 ] && [ -s "$rootcache" ] &&
   [ "$(docker image inspect -f '{{index .Config.Labels "org.caster.build"}}' "$image" 2>/dev/null)" = "$inputs" ]; then
  step "$image is up to date (org.caster.build=$inputs)"
  exit 0
fi

work="$(mktemp -d /var/tmp/caster-browser.XXXXXX)"
root="$work/rootfs"
cleanup() {
  umount "$root/proc" 2>/dev/null || true
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
mkdir -p "$root"

# --- 1. root filesystem: desktop base + chromium and fonts ------------------------------------------
if [ -s "$rootcache" ] && [ "$refresh" != 1 ]; then
  step "root filesystem from cache $rootcache"
  tar --numeric-owner -xpf "$rootcache" -C "$root"
else
  if [ ! -s "$base" ]; then
    step "no desktop base root filesystem yet: building the desktop image first"
    bash "$desk/build.sh"
  fi
  step "base root filesystem from cache $base"
  tar --numeric-owner -xpf "$base" -C "$root"
  {
    echo "deb $mirror $suite main"
    [ -z "$security" ] || echo "deb $security $suite-security main"
  } > "$root/etc/apt/sources.list"
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  mount -t proc proc "$root/proc"
  step "apt-get install ${browser_pkgs[*]} (a few minutes on a fresh machine) ..."
  {
    chroot "$root" apt-get update -q &&
      chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get -y -q -o Dpkg::Use-Pty=0 \
        --no-install-recommends dist-upgrade &&
      chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get -y -q -o Dpkg::Use-Pty=0 \
        --no-install-recommends install "${browser_pkgs[@]}"
  } > "$work/apt.log" 2>&1 || { tail -30 "$work/apt.log" >&2; exit 1; }
  umount "$root/proc"
  # What a kiosk browser does not need: dillo, docs, man pages, other locales (Chromium's own
  # UI translations too), apt's lists and archives; Google API keys (no Google services).
  chroot "$root" env DEBIAN_FRONTEND=noninteractive dpkg --purge dillo > /dev/null
  rm -rf "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
         "$root"/usr/share/lintian "$root"/usr/share/bug \
         "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
         "$root"/var/cache/debconf/*-old "$root"/var/log/*.log "$root"/var/log/apt/* \
         "$root"/tmp/* "$root"/root/.cache "$root"/etc/chromium.d/apikeys
  find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name 'en*' ! -name locale.alias -exec rm -rf {} +
  find "$root/usr/lib/chromium/locales" -type f ! -name 'en-US.pak' ! -name 'en-GB.pak' -delete
  chroot "$root" python3 -m compileall -q /usr/lib/python3/dist-packages/websockify >/dev/null
  chroot "$root" fc-cache -f >/dev/null 2>&1 || true
  missing="$(for b in /usr/bin/Xvnc /usr/bin/openbox /usr/lib/chromium/chromium /usr/bin/certutil /usr/bin/pulseaudio /usr/bin/pacat; do
               chroot "$root" ldd "$b" | sed -n "s|^\(.*not found\)|$b: \1|p"; done)"
  [ -z "$missing" ] || { echo "browser/build.sh: missing libraries:" >&2; echo "$missing" >&2; exit 1; }
  : > "$root/etc/resolv.conf"
  rm -f "$cache"/browser-root-"$suite"-*.tar
  tar --numeric-owner -C "$root" -cf "$rootcache.tmp" . && mv "$rootcache.tmp" "$rootcache"
  step "cached $rootcache ($(du -h "$rootcache" | cut -f1))"
fi

# --- 2. noVNC (same viewer as the desktop image) ---------------------------------------------------
step "noVNC and session files"
kit_viewer "$root" "$novnc_deb" "$work"

# --- 3. user and session files ------------------------------------------------------------------
chroot "$root" groupadd -g 1000 kasm-user
chroot "$root" useradd -u 1000 -g 1000 -m -d /home/kasm-user -s /bin/bash kasm-user
install -d -m 1777 "$root/tmp" "$root/tmp/.X11-unix"
install -m 0755 "$here/entrypoint.sh" "$root/usr/local/bin/caster-browser"
install -m 0755 "$here/caster-open-url" "$root/usr/local/bin/caster-open-url"
kit_audio "$root"
install -m 0644 "$here/chromium-flags" "$root/etc/chromium.d/caster"
install -d -m 0755 "$root/etc/chromium/policies/managed"
install -m 0644 "$here/policy.json" "$root/etc/chromium/policies/managed/caster.json"
# the per-session part (client settings), written by the entrypoint at start
ln -sf /tmp/caster-session-policy.json "$root/etc/chromium/policies/managed/caster-session.json"
sed -i -e 's|<number>4</number>|<number>1</number>|' \
       -e '\|<file>/var/lib/openbox/debian-menu.xml</file>|d' \
       "$root/etc/xdg/openbox/rc.xml"
echo caster-browser > "$root/etc/hostname"

# --- 4. import -------------------------------------------------------------------------------------
old="$(docker image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)"
step "docker import $image ($(du -sh "$root" | cut -f1) on disk)"
tar --numeric-owner -C "$root" --exclude='./proc/*' --exclude='./sys/*' --exclude='./dev/*' -c . \
  | docker import \
      -c 'CMD ["/usr/local/bin/caster-browser"]' \
      -c 'USER 1000' \
      -c 'WORKDIR /home/kasm-user' \
      -c 'EXPOSE 6901' \
      -c 'ENV PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin HOME=/home/kasm-user USER=kasm-user DISPLAY=:1 LANG=C.UTF-8 VNC_RESOLUTION=1280x800 VNC_DEPTH=24' \
      -c 'LABEL org.caster.image=browser' \
      -c "LABEL org.caster.build=$inputs" \
      -m "caster browser: debian $suite, tigervnc, websockify+noVNC, openbox, chromium, pulseaudio" \
      - "$image" >/dev/null
new="$(docker image inspect -f '{{.Id}}' "$image")"
if [ -n "$old" ] && [ "$old" != "$new" ] &&
   [ "$(docker image inspect -f '{{len .RepoTags}} {{index .Config.Labels "org.caster.image"}}' "$old" 2>/dev/null)" = "0 browser" ]; then
  docker rmi "$old" >/dev/null 2>&1 || true
fi
step "built $image ($(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}'))"
