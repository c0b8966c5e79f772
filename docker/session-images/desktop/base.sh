# Sourced by every session image's build.sh (after $suite, $mirror, $security and $cache are set):
# the debootstrap package list of the desktop root filesystem and its cache file, and the desktop's
# apt stage on top of it. All images start from this one debootstrap (image-kit.sh's kit_base), so
# a machine pays it once; the desktop and browser images also share the apt stage (kit_desktop_root):
# the browser image is the same root filesystem with other session files.
# python3-cffi-backend must be named or debootstrap fails configuring websockify (a virtual
# dependency its resolver does not pick). dillo stays in the debootstrap (changing this list redoes
# it) and is purged by every image built on it.
# shellcheck disable=SC2034  # used by the sourcing script
pkgs=(tigervnc-standalone-server tigervnc-tools websockify python3-cffi-backend openbox xterm dillo
      fonts-dejavu-core ca-certificates procps)
key="$(printf '%s\n' "$suite" "$mirror" "${pkgs[@]}" | sha256sum | cut -c1-12)"
base="$cache/desktop-base-$suite-$key.tar"
# The apt stage (bookworm + bookworm-security) of the desktop and browser images, one root
# filesystem for both: Chromium, the browser for every URL (Debian's build: no Google update
# service or crash reporter), with fonts for the common scripts (fonts-noto-core: Latin, Greek,
# Cyrillic, Arabic, Hebrew, Indic, Thai, ...; fonts-noto-cjk: Chinese, Japanese, Korean;
# fonts-noto-color-emoji) and certutil (libnss3-tools) to give it a derived image's CAs;
# PulseAudio for the session's sound and microphone. desktop_root_recipe: raise it when
# kit_desktop_root's steps change.
desktop_apt_pkgs=(chromium fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji libnss3-tools
                  pulseaudio pulseaudio-utils)
# Purged from it (~470 MB), none of which a session loads (kit_desktop_root checks
# what Xvnc, openbox, xterm, Chromium, PulseAudio and websockify link): dillo (Chromium replaces
# it); Mesa's DRI/Vulkan drivers and LLVM (Chromium runs with --disable-gpu, on its own SwiftShader);
# ghostscript and its fonts (imlib2's PostScript loader); perl (TigerVNC's vncserver wrapper; Xvnc
# is run directly); numpy and jwcrypto/cryptography (websockify's optional paths); FFmpeg's
# libraries and codecs (pulled by libasound2-plugins; Chromium has its own media stack, dav1d
# excepted, which stays).
desktop_purge=(dillo libllvm15 libgl1-mesa-dri libz3-4 mesa-vulkan-drivers
               libgs10 libgs10-common libgs-common poppler-data fonts-urw-base35 libspectre1 libijs-0.35 libjbig2dec0
               perl libperl5.36 perl-modules-5.36 libfile-readbackwards-perl
               python3-numpy liblapack3 libblas3 libgfortran5 libquadmath0
               python3-jwcrypto python3-cryptography python3-deprecated python3-wrapt
               libasound2-plugins libavcodec59 libavutil57 libswresample4 libpostproc56 libavformat59
               libavfilter8 libswscale6 libx264-164 libx265-199 libvpx7 libzvbi0 libzvbi-common libshine3
               libsnappy1v5 libsvtav1enc1 librav1e0 libgsm1 libtwolame0 libtheora0 libxvidcore4 libvpl2
               libmfx1 libcodec2-1.0 libsoxr-lsr0 libjack-jackd2-0 libzimg2 libopencl1 ocl-icd-libopencl1
               libaom3 libde265-0 libheif1)
desktop_root_recipe=1
dkey="$(printf '%s\n' "$key" "${security:-}" "${desktop_apt_pkgs[@]}" "${desktop_purge[@]}" "$desktop_root_recipe" \
        | sha256sum | cut -c1-12)"
droot="$cache/desktop-root-$suite-$dkey.tar"
