# Sourced by the image scripts (desktop/, browser/, rdp-gateway/, xrdp-test/), which all start from
# the desktop's debootstrapped root filesystem and add packages with apt: the steps they share, so
# each build script only says what is its own. Expects $here (the image's directory), $cache, $suite,
# $mirror, $security and desktop/base.sh's variables ($pkgs, $key, $base, $desktop_apt_pkgs, $droot)
# to be set, and a `step` function for progress lines.
# shellcheck disable=SC2154  # the variables above are the sourcing script's

kit_desk="$(cd "$(dirname "${BASH_SOURCE[0]}")/../desktop" && pwd)"

# kit_novnc_deb: the novnc .deb in the cache (downloaded once), printed.
kit_novnc_deb() {
  local deb
  deb="$(ls "$cache"/novnc_*.deb 2>/dev/null | tail -1 || true)"
  if [ -z "$deb" ]; then
    (cd "$cache" && apt-get download novnc >/dev/null 2>&1) \
      || { apt-get update -qq && (cd "$cache" && apt-get download novnc >/dev/null); }
    deb="$(ls "$cache"/novnc_*.deb | tail -1)"
  fi
  echo "$deb"
}

# kit_up_to_date IMAGE HASH ROOTCACHE: true when IMAGE already carries org.caster.build=HASH and
# the root filesystem cache exists (nothing to do).
kit_up_to_date() {
  [ -s "$3" ] && [ "$(docker image inspect -f '{{index .Config.Labels "org.caster.build"}}' "$1" 2>/dev/null)" = "$2" ]
}

# kit_base WORK: makes the debootstrap root filesystem $base (desktop/base.sh) if it is not cached
# yet (a few minutes: the download), in WORK/base, removed afterwards. $refresh=1 makes it again.
kit_base() {
  [ -s "$base" ] && [ "${refresh:-0}" != 1 ] && return 0
  if ! dpkg -s debootstrap >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  fi
  local r="$1/base"
  mkdir -p "$r"
  step "debootstrap --variant=minbase $suite from $mirror (a few minutes) ..."
  debootstrap --variant=minbase --include="$(IFS=,; echo "${pkgs[*]}")" "$suite" "$r" "$mirror" \
    > "$1/debootstrap.log" 2>&1 || { tail -30 "$1/debootstrap.log" >&2; return 1; }
  rm -f "$r"/var/cache/apt/archives/*.deb
  tar --numeric-owner -C "$r" -cf "$base.tmp" . && mv "$base.tmp" "$base"
  rm -rf --one-file-system "$r"
  step "cached $base ($(du -h "$base" | cut -f1))"
}

# kit_rootfs FROM ROOT ROOTCACHE WORK PURGE PKG...: fills ROOT from ROOTCACHE, or from the root
# filesystem tar FROM plus `apt-get install PKG...` (bookworm + bookworm-security), purging PURGE
# (space-separated package names, may be empty) and what a session does not need (docs, other
# locales, Chromium's other UI languages and Debian's Google API keys), then caches it as ROOTCACHE
# (replacing the older versions of the same name).
kit_rootfs() {
  local from="$1" root="$2" rootcache="$3" work="$4" purge="$5"
  shift 5
  if [ -s "$rootcache" ] && [ "${refresh:-0}" != 1 ]; then
    step "root filesystem from cache $rootcache"
    tar --numeric-owner -xpf "$rootcache" -C "$root"
    return 0
  fi
  step "root filesystem from $from"
  tar --numeric-owner -xpf "$from" -C "$root"
  kit_apt_install "$root" "$work" "$@"
  # Purged with --force-depends (the dpkg database then records broken dependencies, which is fine
  # for an image nobody runs apt in): what the callers check with kit_missing_libs is what counts.
  local p installed=()
  for p in $purge; do
    chroot "$root" dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' && installed+=("$p")
  done
  if [ "${#installed[@]}" -gt 0 ]; then
    chroot "$root" env DEBIAN_FRONTEND=noninteractive dpkg --purge --force-depends --force-remove-essential \
      "${installed[@]}" > "$work/purge.log" 2>&1 || { tail -20 "$work/purge.log" >&2; return 1; }
  fi
  # imlib2 (openbox's icons) loaders whose libraries went with the purge
  for p in "$root"/usr/lib/x86_64-linux-gnu/imlib2/loaders/*.so; do
    [ -e "$p" ] || continue
    chroot "$root" ldd "${p#"$root"}" | grep -q 'not found' && rm -f "$p"
  done
  rm -rf "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
         "$root"/usr/share/lintian "$root"/usr/share/bug \
         "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
         "$root"/var/cache/debconf/*-old "$root"/var/log/*.log "$root"/var/log/apt/* \
         "$root"/tmp/* "$root"/root/.cache "$root"/etc/chromium.d/apikeys
  find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name 'en*' ! -name locale.alias -exec rm -rf {} +
  if [ -d "$root/usr/lib/chromium/locales" ]; then
    find "$root/usr/lib/chromium/locales" -type f ! -name 'en-US.pak' ! -name 'en-GB.pak' -delete
  fi
  # uid 1000 cannot write __pycache__: without the bytecode websockify recompiles at every start.
  chroot "$root" python3 -m compileall -q /usr/lib/python3/dist-packages/websockify >/dev/null
  chroot "$root" fc-cache -f >/dev/null 2>&1 || true
  : > "$root/etc/resolv.conf"
  rm -f "${rootcache%-*}"-*.tar
  tar --numeric-owner -C "$root" -cf "$rootcache.tmp" . && mv "$rootcache.tmp" "$rootcache"
  step "cached $rootcache ($(du -h "$rootcache" | cut -f1))"
}

# kit_apt_rootfs ROOT ROOTCACHE WORK PURGE PKG...: kit_rootfs from the debootstrap base.
kit_apt_rootfs() {
  kit_base "$3"
  kit_rootfs "$base" "$@"
}

# kit_desktop_root WORK: makes the desktop's root filesystem $droot (desktop/base.sh: the base plus
# Chromium, PulseAudio and fonts, minus $desktop_purge) if it is not cached yet, and checks that
# everything the session starts still loads. The desktop image is it
# plus the session files; the browser image starts from it.
kit_desktop_root() {
  [ -s "$droot" ] && [ "${refresh:-0}" != 1 ] && return 0
  kit_base "$1"
  local r="$1/desktop-root"
  mkdir -p "$r"
  kit_rootfs "$base" "$r" "$droot" "$1" "${desktop_purge[*]}" "${desktop_apt_pkgs[@]}"
  local missing
  # shellcheck disable=SC2046  # file lists
  missing="$(kit_missing_libs "$r" /usr/bin/Xvnc /usr/bin/openbox /usr/bin/xterm /usr/bin/vncpasswd \
               /usr/lib/chromium/chromium $(cd "$r" && ls usr/lib/chromium/*.so | sed 's|^|/|') \
               /usr/bin/certutil /usr/bin/pulseaudio /usr/bin/pacat /usr/bin/parec \
               $(cd "$r" && ls usr/lib/pulse-*/modules/*.so | sed 's|^|/|'))"
  chroot "$r" python3 -W ignore -c 'import websockify.websocketproxy' || missing+=" websockify no longer imports"
  rm -rf --one-file-system "$r"
  [ -z "$missing" ] || { rm -f "$droot"; echo "image-kit: missing libraries:" >&2; echo "$missing" >&2; return 1; }
}

# kit_chromium ROOT: Caster's Chromium set-up, shared by the desktop and browser images: the flags
# (/etc/chromium.d/caster), the managed policies (fixed, plus the per-session file the entrypoint
# writes), the open-URL hook and caster-chromium-setup (local CAs, the session's policy).
kit_chromium() {
  install -m 0644 "$kit_desk/chromium-flags" "$1/etc/chromium.d/caster"
  install -d -m 0755 "$1/etc/chromium/policies/managed"
  install -m 0644 "$kit_desk/chromium-policy.json" "$1/etc/chromium/policies/managed/caster.json"
  ln -sf /tmp/caster-session-policy.json "$1/etc/chromium/policies/managed/caster-session.json"
  install -m 0755 "$kit_desk/caster-open-url" "$1/usr/local/bin/caster-open-url"
  install -m 0755 "$kit_desk/caster-chromium-setup" "$1/usr/local/bin/caster-chromium-setup"
}

# kit_apt_install ROOT WORK PKG...: `apt-get install PKG...` (bookworm + bookworm-security from
# $mirror/$security, after a dist-upgrade) inside ROOT, a root filesystem whose dpkg database is
# consistent (the debootstrap base, not a slimmed one). Leaves apt's lists and archives for the
# caller's clean-up.
kit_apt_install() {
  local root="$1" work="$2"
  shift 2
  {
    echo "deb $mirror $suite main"
    [ -z "$security" ] || echo "deb $security $suite-security main"
  } > "$root/etc/apt/sources.list"
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  mount -t proc proc "$root/proc"
  step "apt-get install $* ..."
  {
    chroot "$root" apt-get update -q &&
      chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get -y -q -o Dpkg::Use-Pty=0 \
        --no-install-recommends dist-upgrade &&
      chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get -y -q -o Dpkg::Use-Pty=0 \
        --no-install-recommends install "$@"
  } > "$work/apt.log" 2>&1 || { umount "$root/proc"; tail -30 "$work/apt.log" >&2; return 1; }
  umount "$root/proc"
  : > "$root/etc/resolv.conf"
}

# kit_audio ROOT: the session's sound (PulseAudio installed by the apt stage): caster-audio-server
# (PulseAudio as the session user + the /audio and /microphone PCM streams), caster-websockify
# (websockify routing those two paths to it), its PulseAudio script and the clients' config.
kit_audio() {
  install -m 0755 "$kit_desk/caster-websockify" "$1/usr/local/bin/caster-websockify"
  install -m 0755 "$kit_desk/caster-audio-server" "$1/usr/local/bin/caster-audio-server"
  install -D -m 0644 "$kit_desk/pulse.pa" "$1/etc/caster/pulse.pa"
  install -D -m 0644 "$kit_desk/pulse-client.conf" "$1/etc/pulse/client.conf.d/caster.conf"
}

# kit_missing_libs ROOT BIN...: prints every library a binary of ROOT cannot load (empty: all fine).
kit_missing_libs() {
  local root="$1" b
  shift
  for b in "$@"; do chroot "$root" ldd "$b" | sed -n "s|^\(.*not found\)|$b: \1|p"; done
}

# kit_viewer ROOT NOVNC_DEB WORK: noVNC's static files as the web root /usr/share/novnc with the
# desktop's viewer page and every caster-*.js of desktop/ loaded by vnc.html, /healthz, /opened.txt.
kit_viewer() {
  local root="$1" deb="$2" work="$3" web="$1/usr/share/novnc" js
  mkdir -p "$work/novnc"
  dpkg-deb -x "$deb" "$work/novnc"
  rm -rf "$web" && cp -a "$work/novnc/usr/share/novnc" "$web" && rm -rf "$web/utils"
  install -m 0644 "$kit_desk/index.html" "$web/index.html"
  for js in "$kit_desk"/caster-*.js; do
    install -m 0644 "$js" "$web/$(basename "$js")"
    grep -q "<script src=\"$(basename "$js")\"></script>" "$web/vnc.html" \
      || sed -i "s|</body>|    <script src=\"$(basename "$js")\"></script>\n</body>|" "$web/vnc.html"
    grep -q "<script src=\"$(basename "$js")\"></script>" "$web/vnc.html" \
      || { echo "image-kit: could not add $(basename "$js") to vnc.html" >&2; return 1; }
  done
  printf 'ok\n' > "$web/healthz"
  install -m 0664 -o 1000 -g 1000 /dev/null "$web/opened.txt"
}

# kit_user ROOT: the session user kasm-user (uid/gid 1000) and a world-writable /tmp with X's socket dir.
kit_user() {
  chroot "$1" groupadd -g 1000 kasm-user
  chroot "$1" useradd -u 1000 -g 1000 -m -d /home/kasm-user -s /bin/bash kasm-user
  install -d -m 1777 "$1/tmp" "$1/tmp/.X11-unix"
}

# kit_import ROOT IMAGE LABEL HASH DOCKER-IMPORT-CHANGE...: `docker import` of ROOT as IMAGE with
# org.caster.image=LABEL and org.caster.build=HASH; the image the tag held before is removed when it
# is left untagged and is ours.
kit_import() {
  local root="$1" image="$2" label="$3" hash="$4" old new c
  shift 4
  local changes=()
  for c in "$@"; do changes+=(-c "$c"); done
  old="$(docker image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)"
  step "docker import $image ($(du -sh "$root" | cut -f1) on disk)"
  tar --numeric-owner -C "$root" --exclude='./proc/*' --exclude='./sys/*' --exclude='./dev/*' -c . \
    | docker import "${changes[@]}" -c "LABEL org.caster.image=$label" -c "LABEL org.caster.build=$hash" \
        -m "caster $label: debian $suite" - "$image" >/dev/null
  new="$(docker image inspect -f '{{.Id}}' "$image")"
  if [ -n "$old" ] && [ "$old" != "$new" ] &&
     [ "$(docker image inspect -f '{{len .RepoTags}} {{index .Config.Labels "org.caster.image"}}' "$old" 2>/dev/null)" = "0 $label" ]; then
    docker rmi "$old" >/dev/null 2>&1 || true
  fi
  step "built $image ($(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}'))"
}
