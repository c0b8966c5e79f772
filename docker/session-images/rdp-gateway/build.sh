#!/usr/bin/env bash
# Builds caster/rdp-gateway:latest without any registry: the desktop's debootstrapped Debian
# bookworm root filesystem (desktop/base.sh; made by image-kit.sh's kit_base if missing) plus FreeRDP's X11
# client from apt, noVNC's static files and the session files, then `docker import`. A server or
# pool workspace's session runs this image: FreeRDP against the workspace's RDP server on a virtual
# display, streamed to the visitor like any desktop session. Needs root (chroot) and the Docker
# engine. Called by `../build.sh rdp-gateway`.
#
# Cache ($CASTER_IMAGE_CACHE, default /var/cache/caster-images):
#   desktop-base-<suite>-<key>.tar       shared with the desktop and browser images
#   rdp-gateway-root-<suite>-<key>.tar   after the apt install (key: base key, packages, this file)
# Unchanged inputs (org.caster.build label) → nothing is rebuilt (about a second).
# Env: CASTER_IMAGE_CACHE, CASTER_DEBIAN_MIRROR, CASTER_DEBIAN_SECURITY_MIRROR,
#      CASTER_RDP_GATEWAY_IMAGE (default caster/rdp-gateway:latest), CASTER_RDP_GATEWAY_REFRESH=1.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
image="${CASTER_RDP_GATEWAY_IMAGE:-caster/rdp-gateway:latest}"
cache="${CASTER_IMAGE_CACHE:-/var/cache/caster-images}"
suite=bookworm
t_start=$SECONDS
step() { echo "rdp-gateway: [$((SECONDS - t_start))s] $*"; }
[ "$(id -u)" = 0 ] || { echo "rdp-gateway/build.sh: needs root (chroot)" >&2; exit 1; }

# shellcheck source=docker/lib/debian-mirror.sh
. "$here/../../lib/debian-mirror.sh"
mirror="$(debian_mirror "$suite")"
security="${CASTER_DEBIAN_SECURITY_MIRROR:-$(CASTER_DEBIAN_MIRROR='' debian_mirror "$suite-security")}"
case "$security" in *security*) ;; *) security="" ;; esac
# shellcheck source=docker/session-images/desktop/base.sh
. "$here/../desktop/base.sh"
# shellcheck source=docker/session-images/lib/image-kit.sh
. "$here/../lib/image-kit.sh"

# freerdp2-x11: xfreerdp (FreeRDP 2.11); the visitor gets no terminal or browser here (purged).
# pulseaudio(-utils): the remote sound FreeRDP plays (/sound:sys:pulse) and the microphone it
# records (/microphone:sys:pulse), streamed by caster-audio-server as in the desktop image.
pkgs=(freerdp2-x11 pulseaudio pulseaudio-utils)
rkey="$(cat <(printf '%s\n' "$key" "$security" "${pkgs[@]}") "$here/build.sh" "$here/../lib/image-kit.sh" | sha256sum | cut -c1-12)"
rootcache="$cache/rdp-gateway-root-$suite-$rkey.tar"
mkdir -p "$cache"
novnc_deb="$(kit_novnc_deb)"
inputs="$(cat <(printf '%s\n' "$rkey" "$(basename "$novnc_deb")") "$here"/* "$kit_desk/index.html" "$kit_desk"/caster-* "$kit_desk"/pulse* \
          | sha256sum | cut -c1-16)"
if [ "${CASTER_RDP_GATEWAY_REFRESH:-0}" != 1 ] && kit_up_to_date "$image" "$inputs" "$rootcache"; then
  step "$image is up to date (org.caster.build=$inputs)"
  exit 0
fi
[ "${CASTER_RDP_GATEWAY_REFRESH:-0}" != 1 ] || rm -f "$rootcache"

work="$(mktemp -d /var/tmp/caster-rdp-gateway.XXXXXX)"
root="$work/rootfs"
cleanup() { umount "$root/proc" 2>/dev/null || true; rm -rf --one-file-system "$work"; }
trap cleanup EXIT
mkdir -p "$root"

kit_apt_rootfs "$root" "$rootcache" "$work" "xterm dillo" "${pkgs[@]}"
missing="$(kit_missing_libs "$root" /usr/bin/Xvnc /usr/bin/openbox /usr/bin/xfreerdp /usr/bin/pulseaudio /usr/bin/pacat)"
[ -z "$missing" ] || { echo "rdp-gateway/build.sh: missing libraries:" >&2; echo "$missing" >&2; exit 1; }

step "noVNC and session files"
kit_viewer "$root" "$novnc_deb" "$work"
kit_user "$root"
kit_audio "$root"
install -m 0755 "$here/entrypoint.sh" "$root/usr/local/bin/caster-rdp-gateway"
install -D -m 0644 "$kit_desk/session-display.sh" "$root/usr/local/lib/caster/session-display.sh"
# Where the API puts the server's password before the container starts (read once, then deleted).
install -d -m 0700 -o 1000 -g 1000 "$root/run/caster-secrets"
# The Transfers folder: FreeRDP's drive redirection and Caster's uploads/downloads share it.
install -d -m 0755 -o 1000 -g 1000 "$root/home/kasm-user/Transfers"
# openbox only keeps FreeRDP's window full screen: no menus, no key bindings, one desktop.
install -m 0644 "$here/openbox-rc.xml" "$root/etc/xdg/openbox/rc.xml"
printf '<openbox_menu xmlns="http://openbox.org/3.4/menu"/>\n' > "$root/etc/xdg/openbox/menu.xml"
echo caster-rdp-gateway > "$root/etc/hostname"

kit_import "$root" "$image" rdp-gateway "$inputs" \
  'CMD ["/usr/local/bin/caster-rdp-gateway"]' 'USER 1000' 'WORKDIR /home/kasm-user' 'EXPOSE 6901' \
  'ENV PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin HOME=/home/kasm-user USER=kasm-user DISPLAY=:1 LANG=C.UTF-8 VNC_RESOLUTION=1280x800 VNC_DEPTH=24'
