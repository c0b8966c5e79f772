#!/usr/bin/env bash
# Builds caster/desktop:latest without any registry: a Debian bookworm root filesystem made by
# debootstrap from the apt mirror in /etc/apt/sources.list.d/debian.sources, slimmed by
# slim-rootfs.sh, noVNC's static files from Debian's novnc .deb (extracted, not installed: the
# package drags in nodejs), the session files from this directory, then `docker import`.
# Needs root (debootstrap, chroot) and the Docker engine. Called by `../build.sh desktop`.
#
# Cache ($CASTER_IMAGE_CACHE, default /var/cache/caster-images):
#   desktop-base-<suite>-<key>.tar      debootstrap output (key: suite, mirror, package list); ~3 min
#   desktop-slim-<suite>-<key>.tar      after slim-rootfs.sh (key: base key + slim-rootfs.sh)
#   novnc_*.deb                         from `apt-get download novnc`
# With both tars cached a rebuild only adds the session files and imports (~15-30 s).
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
if ! dpkg -s debootstrap >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi

# shellcheck source=docker/lib/debian-mirror.sh
. "$here/../../lib/debian-mirror.sh"
mirror="$(debian_mirror "$suite")"
security="${CASTER_DEBIAN_SECURITY_MIRROR:-$(CASTER_DEBIAN_MIRROR='' debian_mirror "$suite-security")}"
case "$security" in *security*) ;; *) security="" ;; esac

# The package list and the base root filesystem's cache key (shared with browser/build.sh).
# shellcheck source=docker/session-images/desktop/base.sh
. "$here/base.sh"
# shellcheck source=docker/session-images/lib/image-kit.sh
. "$here/../lib/image-kit.sh"
# The apt stage on top of the debootstrap base (kept out of base.sh's list, so adding a package
# here does not redo the debootstrap): PulseAudio for the session's sound and microphone.
apt_pkgs=(pulseaudio pulseaudio-utils)
slim="$cache/desktop-slim-$suite-$(cat <(printf '%s\n' "$key" "$security" "${apt_pkgs[@]}") "$here/slim-rootfs.sh" \
        | sha256sum | cut -c1-12).tar"
mkdir -p "$cache"

work="$(mktemp -d /var/tmp/caster-desktop.XXXXXX)"
root="$work/rootfs"
trap 'umount "$root/proc" 2>/dev/null || true; rm -rf --one-file-system "$work"' EXIT
mkdir -p "$root"

# --- 1+2. slimmed root filesystem ------------------------------------------------------------------
if [ -s "$slim" ] && [ "$refresh" != 1 ]; then
  step "slim root filesystem from cache $slim"
  tar --numeric-owner -xpf "$slim" -C "$root"
else
  if [ -s "$base" ] && [ "$refresh" != 1 ]; then
    step "base root filesystem from cache $base"
    tar --numeric-owner -xpf "$base" -C "$root"
  else
    step "debootstrap --variant=minbase $suite from $mirror (a few minutes) ..."
    debootstrap --variant=minbase --include="$(IFS=,; echo "${pkgs[*]}")" "$suite" "$root" "$mirror" \
      > "$work/debootstrap.log" 2>&1 || { tail -30 "$work/debootstrap.log" >&2; exit 1; }
    rm -f "$root"/var/cache/apt/archives/*.deb
    tar --numeric-owner -C "$root" -cf "$base.tmp" . && mv "$base.tmp" "$base"
    step "cached $base ($(du -h "$base" | cut -f1))"
  fi
  kit_apt_install "$root" "$work" "${apt_pkgs[@]}"
  step "slimming (slim-rootfs.sh)"
  bash "$here/slim-rootfs.sh" "$root"
  rm -f "$cache"/desktop-slim-"$suite"-*.tar
  tar --numeric-owner -C "$root" -cf "$slim.tmp" . && mv "$slim.tmp" "$slim"
  step "cached $slim ($(du -h "$slim" | cut -f1))"
fi

# --- 3. noVNC static files from the .deb -------------------------------------------------------
step "noVNC and session files"
novnc_deb="$(ls "$cache"/novnc_*.deb 2>/dev/null | tail -1 || true)"
if [ -z "$novnc_deb" ] || [ "$refresh" = 1 ]; then
  rm -f "$cache"/novnc_*.deb
  (cd "$cache" && apt-get download novnc >/dev/null 2>&1) \
    || { apt-get update -qq && (cd "$cache" && apt-get download novnc >/dev/null); }
  novnc_deb="$(ls "$cache"/novnc_*.deb | tail -1)"
fi
mkdir -p "$work/novnc"
dpkg-deb -x "$novnc_deb" "$work/novnc"
web="$root/usr/share/novnc"
rm -rf "$web" && cp -a "$work/novnc/usr/share/novnc" "$web" && rm -rf "$web/utils"
install -m 0644 "$here/index.html" "$web/index.html"
# The viewer's scripts (postMessage bridge, sound), every caster-*.js, loaded by vnc.html.
for js in "$here"/caster-*.js; do
  install -m 0644 "$js" "$web/$(basename "$js")"
  grep -q "<script src=\"$(basename "$js")\"></script>" "$web/vnc.html" \
    || sed -i "s|</body>|    <script src=\"$(basename "$js")\"></script>\n</body>|" "$web/vnc.html"
  grep -q "<script src=\"$(basename "$js")\"></script>" "$web/vnc.html" \
    || { echo "desktop/build.sh: could not add $(basename "$js") to vnc.html" >&2; exit 1; }
done
printf 'ok\n' > "$web/healthz"

# --- 4. user and session files ------------------------------------------------------------------
chroot "$root" groupadd -g 1000 kasm-user
chroot "$root" useradd -u 1000 -g 1000 -m -d /home/kasm-user -s /bin/bash kasm-user
install -m 0664 -o 1000 -g 1000 /dev/null "$web/opened.txt"
install -d -m 1777 "$root/tmp" "$root/tmp/.X11-unix"
install -m 0755 "$here/entrypoint.sh" "$root/usr/local/bin/caster-desktop"
install -m 0755 "$here/caster-open-url" "$root/usr/local/bin/caster-open-url"
kit_audio "$root"
# openbox: one desktop, dillo windows maximized, a small root menu (Debian's needs the menu package)
sed -i -e 's|<number>4</number>|<number>1</number>|' \
       -e 's|^<applications>|<applications><application class="Dillo"><maximized>yes</maximized></application>|' \
       -e '\|<file>/var/lib/openbox/debian-menu.xml</file>|d' \
       "$root/etc/xdg/openbox/rc.xml"
install -m 0644 "$here/openbox-menu.xml" "$root/etc/xdg/openbox/menu.xml"
echo caster-desktop > "$root/etc/hostname"

# --- 5. import -------------------------------------------------------------------------------------
old="$(docker image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)"
step "docker import $image ($(du -sh "$root" | cut -f1) on disk)"
tar --numeric-owner -C "$root" --exclude='./proc/*' --exclude='./sys/*' --exclude='./dev/*' -c . \
  | docker import \
      -c 'CMD ["/usr/local/bin/caster-desktop"]' \
      -c 'USER 1000' \
      -c 'WORKDIR /home/kasm-user' \
      -c 'EXPOSE 6901' \
      -c 'ENV PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin HOME=/home/kasm-user USER=kasm-user DISPLAY=:1 LANG=C.UTF-8 VNC_RESOLUTION=1280x800 VNC_DEPTH=24' \
      -c 'LABEL org.caster.image=desktop' \
      -m "caster desktop: debian $suite, tigervnc, websockify+noVNC, openbox, xterm, dillo, pulseaudio" \
      - "$image" >/dev/null
# the image this tag pointed to before, if now untagged and ours (not while a container uses it)
new="$(docker image inspect -f '{{.Id}}' "$image")"
if [ -n "$old" ] && [ "$old" != "$new" ] &&
   [ "$(docker image inspect -f '{{len .RepoTags}} {{index .Config.Labels "org.caster.image"}}' "$old" 2>/dev/null)" = "0 desktop" ]; then
  docker rmi "$old" >/dev/null 2>&1 || true
fi
step "built $image ($(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}'))"
