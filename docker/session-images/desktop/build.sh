#!/usr/bin/env bash
# Builds caster/desktop:latest without any registry: a Debian bookworm root filesystem made by
# debootstrap from the apt mirror in /etc/apt/sources.list.d/debian.sources, plus Chromium, fonts and
# PulseAudio from apt (bookworm + bookworm-security; desktop/base.sh names them), noVNC's static
# files from Debian's novnc .deb (extracted, not installed: the package drags in nodejs), the
# session files from this directory, then `docker import`. Needs root (debootstrap, chroot) and the
# Docker engine. Called by `../build.sh desktop`.
#
# Cache ($CASTER_IMAGE_CACHE, default /var/cache/caster-images):
#   desktop-base-<suite>-<key>.tar   debootstrap output (key: suite, mirror, package list); ~2 min
#   desktop-root-<suite>-<key>.tar   after the apt stage (key: base key, security mirror, packages,
#                                    recipe); ~3 min more on a fresh machine; the browser image
#                                    starts from it too
#   novnc_*.deb                      from `apt-get download novnc`
# The image carries the label org.caster.build=<hash of every input>: when the tag already points
# to an image with the same hash nothing is rebuilt (about a second).
# Env: CASTER_IMAGE_CACHE, CASTER_DEBIAN_MIRROR (default: from debian.sources),
#      CASTER_DESKTOP_IMAGE (default caster/desktop:latest), CASTER_DESKTOP_REFRESH=1 (ignore caches).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
image="${CASTER_DESKTOP_IMAGE:-caster/desktop:latest}"
cache="${CASTER_IMAGE_CACHE:-/var/cache/caster-images}"
refresh="${CASTER_DESKTOP_REFRESH:-0}"
suite=bookworm
t_start=$SECONDS
step() { echo "desktop: [$((SECONDS - t_start))s] $*"; }

[ "$(id -u)" = 0 ] || { echo "desktop/build.sh: needs root (debootstrap, chroot)" >&2; exit 1; }

# shellcheck source=docker/lib/debian-mirror.sh
. "$here/../../lib/debian-mirror.sh"
mirror="$(debian_mirror "$suite")"
security="${CASTER_DEBIAN_SECURITY_MIRROR:-$(CASTER_DEBIAN_MIRROR='' debian_mirror "$suite-security")}"
case "$security" in *security*) ;; *) security="" ;; esac
# shellcheck source=docker/session-images/desktop/base.sh
. "$here/base.sh"
# shellcheck source=docker/session-images/lib/image-kit.sh
. "$here/../lib/image-kit.sh"
mkdir -p "$cache"
novnc_deb="$(kit_novnc_deb)"
inputs="$(cat <(printf '%s\n' "$dkey" "$(basename "$novnc_deb")") "$here"/* "$here/../lib/image-kit.sh" \
          | sha256sum | cut -c1-16)"
if [ "$refresh" != 1 ] && kit_up_to_date "$image" "$inputs" "$droot"; then
  step "$image is up to date (org.caster.build=$inputs)"
  exit 0
fi

work="$(mktemp -d /var/tmp/caster-desktop.XXXXXX)"
root="$work/rootfs"
trap 'umount "$root/proc" 2>/dev/null || true; rm -rf --one-file-system "$work"' EXIT
mkdir -p "$root"

# --- 1. root filesystem: the debootstrap base + the apt stage (both cached) ------------------------
kit_desktop_root "$work"
step "root filesystem from cache $droot"
tar --numeric-owner -xpf "$droot" -C "$root"

# --- 2. noVNC, the session user and the session files ---------------------------------------------
step "noVNC and session files"
kit_viewer "$root" "$novnc_deb" "$work"
kit_user "$root"
kit_audio "$root"
kit_chromium "$root"
install -m 0755 "$here/entrypoint.sh" "$root/usr/local/bin/caster-desktop"
# openbox: one desktop, Chromium windows maximized, a small root menu (Debian's needs the menu package)
sed -i -e 's|<number>4</number>|<number>1</number>|' \
       -e 's|^<applications>|<applications><application class="Chromium"><maximized>yes</maximized></application>|' \
       -e '\|<file>/var/lib/openbox/debian-menu.xml</file>|d' \
       "$root/etc/xdg/openbox/rc.xml"
install -m 0644 "$here/openbox-menu.xml" "$root/etc/xdg/openbox/menu.xml"
echo caster-desktop > "$root/etc/hostname"

# --- 3. import -------------------------------------------------------------------------------------
kit_import "$root" "$image" desktop "$inputs" \
  'CMD ["/usr/local/bin/caster-desktop"]' 'USER 1000' 'WORKDIR /home/kasm-user' 'EXPOSE 6901' \
  'ENV PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin HOME=/home/kasm-user USER=kasm-user DISPLAY=:1 LANG=C.UTF-8 VNC_RESOLUTION=1280x800 VNC_DEPTH=24'
