#!/usr/bin/env bash
# Builds caster/browser:latest without any registry: the desktop's root filesystem (the debootstrap
# plus Chromium, fonts, NSS tools and PulseAudio from bookworm + bookworm-security; desktop/base.sh,
# made by image-kit.sh's kit_desktop_root if missing), noVNC's static files and the browser's
# session files, then `docker import`. Needs root (chroot) and the Docker engine. Called by
# `../build.sh browser`.
#
# Cache ($CASTER_IMAGE_CACHE, default /var/cache/caster-images): desktop-base-<suite>-<key>.tar and
# desktop-root-<suite>-<key>.tar, the desktop image's (one root filesystem for both images).
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
mkdir -p "$cache"
novnc_deb="$(kit_novnc_deb)"
inputs="$(cat <(printf '%s\n' "$dkey" "$(basename "$novnc_deb")") "$here"/* "$desk/index.html" "$desk"/caster-* \
          "$desk"/chromium-* "$desk"/pulse* "$here/../lib/image-kit.sh" | sha256sum | cut -c1-16)"
if [ "$refresh" != 1 ] && kit_up_to_date "$image" "$inputs" "$droot"; then
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

# --- 1. root filesystem: the desktop's (cached) --------------------------------------------------
kit_desktop_root "$work"
step "root filesystem from cache $droot"
tar --numeric-owner -xpf "$droot" -C "$root"

# --- 2. noVNC (same viewer as the desktop image) ---------------------------------------------------
step "noVNC and session files"
kit_viewer "$root" "$novnc_deb" "$work"

# --- 3. user and session files ------------------------------------------------------------------
kit_user "$root"
install -m 0755 "$here/entrypoint.sh" "$root/usr/local/bin/caster-browser"
kit_audio "$root"
kit_chromium "$root"
sed -i -e 's|<number>4</number>|<number>1</number>|' \
       -e '\|<file>/var/lib/openbox/debian-menu.xml</file>|d' \
       "$root/etc/xdg/openbox/rc.xml"
echo caster-browser > "$root/etc/hostname"

# --- 4. import -------------------------------------------------------------------------------------
kit_import "$root" "$image" browser "$inputs" \
  'CMD ["/usr/local/bin/caster-browser"]' 'USER 1000' 'WORKDIR /home/kasm-user' 'EXPOSE 6901' \
  'ENV PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin HOME=/home/kasm-user USER=kasm-user DISPLAY=:1 LANG=C.UTF-8 VNC_RESOLUTION=1280x800 VNC_DEPTH=24'
