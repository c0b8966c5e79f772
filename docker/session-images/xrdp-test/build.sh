#!/usr/bin/env bash
# Builds caster/xrdp-test:latest, a real RDP server for Caster's own tests (never a session image):
# the desktop's debootstrapped Debian bookworm root filesystem plus xrdp and xorgxrdp from apt,
# running a small X session (an xterm that appends what is typed to ~/typed.txt). Needs root and
# the Docker engine. Called by `../build.sh xrdp-test`.
#
# Cache: xrdp-test-root-<suite>-<key>.tar in $CASTER_IMAGE_CACHE (default /var/cache/caster-images).
# Env: CASTER_XRDP_TEST_IMAGE (default caster/xrdp-test:latest), CASTER_XRDP_TEST_REFRESH=1.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
image="${CASTER_XRDP_TEST_IMAGE:-caster/xrdp-test:latest}"
cache="${CASTER_IMAGE_CACHE:-/var/cache/caster-images}"
suite=bookworm
t_start=$SECONDS
step() { echo "xrdp-test: [$((SECONDS - t_start))s] $*"; }
[ "$(id -u)" = 0 ] || { echo "xrdp-test/build.sh: needs root (chroot)" >&2; exit 1; }

# shellcheck source=docker/lib/debian-mirror.sh
. "$here/../../lib/debian-mirror.sh"
mirror="$(debian_mirror "$suite")"
security="${CASTER_DEBIAN_SECURITY_MIRROR:-$(CASTER_DEBIAN_MIRROR='' debian_mirror "$suite-security")}"
case "$security" in *security*) ;; *) security="" ;; esac
# shellcheck source=docker/session-images/desktop/base.sh
. "$here/../desktop/base.sh"
# shellcheck source=docker/session-images/lib/image-kit.sh
. "$here/../lib/image-kit.sh"

# xrdp 0.9 with the xorgxrdp back end (Xorg + its xrdp driver); ssl-cert makes xrdp's TLS key.
pkgs=(xrdp xorgxrdp ssl-cert fuse)  # fuse: chansrv can mount redirected drives (given /dev/fuse)
rkey="$(cat <(printf '%s\n' "$key" "$security" "${pkgs[@]}") "$here/build.sh" "$here/../lib/image-kit.sh" | sha256sum | cut -c1-12)"
rootcache="$cache/xrdp-test-root-$suite-$rkey.tar"
mkdir -p "$cache"
inputs="$(cat <(echo "$rkey") "$here"/* | sha256sum | cut -c1-16)"
if [ "${CASTER_XRDP_TEST_REFRESH:-0}" != 1 ] && kit_up_to_date "$image" "$inputs" "$rootcache"; then
  step "$image is up to date (org.caster.build=$inputs)"
  exit 0
fi
[ "${CASTER_XRDP_TEST_REFRESH:-0}" != 1 ] || rm -f "$rootcache"

work="$(mktemp -d /var/tmp/caster-xrdp-test.XXXXXX)"
root="$work/rootfs"
cleanup() { umount "$root/proc" 2>/dev/null || true; rm -rf --one-file-system "$work"; }
trap cleanup EXIT
mkdir -p "$root"

kit_apt_rootfs "$root" "$rootcache" "$work" "dillo" "${pkgs[@]}"
chroot "$root" useradd -m -s /bin/bash rdpuser
install -m 0755 "$here/entrypoint.sh" "$root/usr/local/bin/xrdp-test"
install -m 0755 "$here/startwm.sh" "$root/etc/xrdp/startwm.sh"
printf 'allowed_users=anybody\nneeds_root_rights=no\n' > "$root/etc/X11/Xwrapper.config"
echo xrdp-test > "$root/etc/hostname"

kit_import "$root" "$image" xrdp-test "$inputs" \
  'CMD ["/usr/local/bin/xrdp-test"]' 'EXPOSE 3389' \
  'ENV PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin LANG=C.UTF-8'
