#!/usr/bin/env bash
# Slims the debootstrapped root filesystem given as $1 (run by build.sh; its result is cached,
# keyed by the base root filesystem and this file's content, so editing this file re-runs it).
#
# Purged (dpkg --purge --force-depends; the dpkg database then records broken dependencies, which is
# fine for an image nobody runs apt in):
#   GL/LLVM        Xvnc starts without Mesa's DRI drivers (no GLX acceleration needed)
#   ghostscript    + its fonts and poppler data, pulled by imlib2's PostScript loader
#   image codecs   only imlib2 loaders use them (heif, jxl, tiff, webp, ...); png/jpeg/xpm stay
#   perl           only TigerVNC's `vncserver` wrapper script wants it; we run Xvnc directly
#   numpy          websockify falls back to pure Python for unmasking
#   jwcrypto       + cryptography: only websockify's JWT token plugin imports them
#   ALSA plugins   + FFmpeg's libraries: PulseAudio's package depends on libasound2-plugins, whose
#                  a52/lavrate plugins pull libavcodec; nothing here routes ALSA through them
# libdbus-1-3 goes too, unless PulseAudio (desktop/build.sh's apt stage) is there: it links it.
set -euo pipefail
root="$1"
purge=(libgl1-mesa-dri libllvm15 libz3-4 libdrm-amdgpu1 libdrm-nouveau2 libdrm-radeon1 libdrm-intel1
       libelf1 libsensors5 libsensors-config libgbm1 libvulkan1 mesa-vulkan-drivers libglapi-mesa
       libgs10 libgs10-common libgs-common poppler-data fonts-urw-base35 libspectre1 libijs-0.35
       libjbig2dec0 libpaper1 libpaper-utils libcups2 libavahi-client3 libavahi-common3
       libavahi-common-data libdbus-1-3 libidn12 liblcms2-2 libopenjp2-7 libtiff6 libwebp7
       libwebpdemux2 libwebpmux3 liblerc4 libjbig0 libdeflate0 libsharpyuv0
       libheif1 libx265-199 libaom3 libde265-0 libdav1d6 libjxl0.7 libhwy1 libnuma1
       libgif7 libid3tag0 libyuv0 libraw20
       perl libperl5.36 perl-modules-5.36 libfile-readbackwards-perl libgdbm6 libgdbm-compat4
       python3-numpy liblapack3 libblas3 libgfortran5 libquadmath0
       python3-jwcrypto python3-cryptography python3-deprecated python3-wrapt
       libasound2-plugins libavcodec59 libavutil57 libswresample4 libpostproc56 libavformat59
       libavfilter8 libswscale6 libcodec2-1.0 libx264-164 libvpx7 libzvbi0 libzvbi-common libshine3
       libsnappy1v5 libsvtav1enc1 librav1e0 libgsm1 libva2 libva-drm2 libva-x11-2 libvdpau1
       libopencl1 ocl-icd-libopencl1 libtwolame0 libspeex1 libtheora0 libxvidcore4 libmfx1 libvpl2
       libsoxr-lsr0 libsamplerate0 libjack-jackd2-0 libzimg2)
if chroot "$root" dpkg-query -W -f='${Status}' pulseaudio 2>/dev/null | grep -q 'ok installed'; then
  purge=("${purge[@]/libdbus-1-3}")
fi
installed=()
for p in "${purge[@]}"; do
  [ -n "$p" ] || continue
  chroot "$root" dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' && installed+=("$p")
done
if [ "${#installed[@]}" -gt 0 ]; then
  log="$(mktemp)"
  chroot "$root" env DEBIAN_FRONTEND=noninteractive dpkg --purge --force-depends \
    --force-remove-essential "${installed[@]}" > "$log" 2>&1 || { tail -20 "$log" >&2; exit 1; }
  rm -f "$log"
fi
# imlib2 loaders whose libraries are gone
for l in heif jxl ps j2k tiff webp gif id3 raw; do rm -f "$root/usr/lib/x86_64-linux-gnu/imlib2/loaders/$l.so"; done
rm -rf "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
       "$root"/usr/share/lintian "$root"/usr/share/bug \
       "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
       "$root"/var/cache/debconf/*-old "$root"/var/log/*.log "$root"/var/log/apt/* \
       "$root"/tmp/* "$root"/root/.cache
find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name 'en*' ! -name locale.alias -exec rm -rf {} +
# Keep (and complete) the bytecode: uid 1000 cannot write __pycache__, so without it websockify
# would be recompiled at every container start.
chroot "$root" python3 -m compileall -q /usr/lib/python3/dist-packages/websockify >/dev/null

# Sanity: everything the session starts must still load.
missing="$(for b in /usr/bin/Xvnc /usr/bin/openbox /usr/bin/xterm /usr/bin/dillo /usr/bin/vncpasswd \
                  /usr/lib/x86_64-linux-gnu/libobrender.so.32 \
                  $(cd "$root" && ls usr/bin/pulseaudio usr/bin/pacat usr/lib/pulse-*/modules/module-{null-sink,remap-source,native-protocol-unix}.so 2>/dev/null | sed 's|^|/|'); do
             chroot "$root" ldd "$b" | sed -n "s|^\(.*not found\)|$b: \1|p"; done)"
[ -z "$missing" ] || { echo "slim-rootfs: missing libraries after purge:" >&2; echo "$missing" >&2; exit 1; }
chroot "$root" python3 -W ignore -c 'import websockify.websocketproxy' \
  || { echo "slim-rootfs: websockify no longer imports" >&2; exit 1; }
