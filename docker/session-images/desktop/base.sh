# Sourced by every session image's build.sh (after $suite, $mirror, $security and $cache are set):
# the debootstrap package list of the desktop root filesystem and its cache file, and the desktop's
# apt stage on top of it. All images start from this one debootstrap (image-kit.sh's kit_base), so
# a machine pays it once; the desktop and browser images also share the apt stage (kit_desktop_root).
# python3-cffi-backend must be named or debootstrap fails configuring websockify (a virtual
# dependency its resolver does not pick). dillo stays in the debootstrap (changing this list redoes
# it) and is purged by every image built on it.
# shellcheck disable=SC2034  # used by the sourcing script
pkgs=(tigervnc-standalone-server tigervnc-tools websockify python3-cffi-backend openbox xterm dillo
      fonts-dejavu-core ca-certificates procps)
key="$(printf '%s\n' "$suite" "$mirror" "${pkgs[@]}" | sha256sum | cut -c1-12)"
base="$cache/desktop-base-$suite-$key.tar"
# The desktop's apt stage (bookworm + bookworm-security): Chromium, the desktop's browser for every
# URL (Debian's build: no Google update service or crash reporter), with fonts for the common
# scripts (fonts-noto-core: Latin, Greek, Cyrillic, Arabic, Hebrew, Indic, Thai, ...) and certutil
# (libnss3-tools) to give it a derived image's CAs; PulseAudio for the session's sound and
# microphone. desktop_root_recipe: raise it when kit_desktop_root's steps change.
desktop_apt_pkgs=(chromium fonts-noto-core libnss3-tools pulseaudio pulseaudio-utils)
desktop_root_recipe=1
dkey="$(printf '%s\n' "$key" "${security:-}" "${desktop_apt_pkgs[@]}" "$desktop_root_recipe" | sha256sum | cut -c1-12)"
droot="$cache/desktop-root-$suite-$dkey.tar"
