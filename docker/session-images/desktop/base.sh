# Sourced by desktop/build.sh and browser/build.sh (after $suite, $mirror and $cache are set): the
# debootstrap package list of the desktop root filesystem and its cache file. Both images start
# from this one debootstrap, so a machine pays it once for both.
# python3-cffi-backend must be named or debootstrap fails configuring websockify (a virtual
# dependency its resolver does not pick).
# shellcheck disable=SC2034  # used by the sourcing script
pkgs=(tigervnc-standalone-server tigervnc-tools websockify python3-cffi-backend openbox xterm dillo
      fonts-dejavu-core ca-certificates procps)
key="$(printf '%s\n' "$suite" "$mirror" "${pkgs[@]}" | sha256sum | cut -c1-12)"
base="$cache/desktop-base-$suite-$key.tar"
