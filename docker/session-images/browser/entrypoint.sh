#!/bin/bash
# Caster browser session: Xvnc (:1, loopback only) -> websockify + noVNC on 6901 -> openbox and
# Chromium in kiosk mode on $KASM_URL (about:blank when empty), restarted if it exits.
# Runs as kasm-user (uid 1000). `docker stop` (TERM) is clean.
#
# Environment:
#   KASM_URL            URL Chromium opens at start (absolute URL; empty or absent: about:blank)
#   CASTER_USER         not shown on screen (the desktop name is neutral)
#   CASTER_BROWSER_MODE kiosk (default: full screen, no address bar) or app (one window, no
#                       browser UI, can be resized) or normal (tabs and address bar)
#   VNC_RESOLUTION, VNC_DEPTH, VNC_PW, VNC_VIEW_ONLY, CASTER_PROXY_SECRET: as in the desktop image
#   CASTER_ALLOW_CLIPBOARD_UP=0    the VNC server ignores clipboard text sent by viewers
#   CASTER_ALLOW_CLIPBOARD_DOWN=0  the VNC server never sends its clipboard to viewers
#   CASTER_ALLOW_AUDIO=0 / CASTER_ALLOW_MICROPHONE=0  caster-audio-server opens no /audio or
#                       /microphone stream (Caster's proxy refuses them too; see the README's "Audio")
#   CASTER_ALLOW_DOWNLOADS=0       Chromium blocks every download (DownloadRestrictions policy)
# Extra CA certificates: whatever a derived image put in /usr/local/share/ca-certificates/*.crt
# (and ran update-ca-certificates for) is also imported into Chromium's NSS database at start,
# because Chromium does not read /etc/ssl/certs.
set -u
export DISPLAY=:1
export HOME="${HOME:-/home/kasm-user}"
export USER="${USER:-$(id -un 2>/dev/null || echo kasm-user)}"
cd "$HOME" 2>/dev/null || cd /tmp

log() { printf 'caster-browser: %s\n' "$*"; }

core=()   # processes whose death ends the session
apps=()   # best-effort GUI processes
stop() {
  trap - TERM INT
  log "stopping"
  kill -TERM "${apps[@]}" "${core[@]}" 2>/dev/null
  wait
  exit 0
}
trap stop TERM INT

is_url() { [[ "$1" =~ ^[A-Za-z][A-Za-z0-9+.-]*: ]] && [[ "$1" != *$'\n'* && "$1" != *$'\r'* ]]; }

# --- Xvnc on :1, RFB on 127.0.0.1:5901 only ---------------------------------------------------
rm -f /tmp/.X1-lock /tmp/.X11-unix/X1     # stale after `docker restart`
# A neutral name: the VNC desktop name is shown by viewers (title, banners); the visitor's name is not.
desk="Desktop"
sec=(-SecurityTypes None)
if [ -n "${VNC_PW:-}" ]; then
  mkdir -p "$HOME/.vnc" && chmod 700 "$HOME/.vnc"
  printf '%s\n' "$VNC_PW" | vncpasswd -f > "$HOME/.vnc/passwd" && chmod 600 "$HOME/.vnc/passwd"
  sec=(-SecurityTypes VncAuth -PasswordFile "$HOME/.vnc/passwd")
fi
ro=()
if [ "${VNC_VIEW_ONLY:-0}" = 1 ]; then
  ro=(-AcceptKeyEvents=0 -AcceptPointerEvents=0 -AcceptCutText=0 -AcceptSetDesktopSize=0)
fi
# The API's client settings, enforced by the VNC server (not only by the viewer page)
[ "${CASTER_ALLOW_CLIPBOARD_UP:-1}" = 0 ] && ro+=(-AcceptCutText=0)
[ "${CASTER_ALLOW_CLIPBOARD_DOWN:-1}" = 0 ] && ro+=(-SendCutText=0)
Xvnc :1 -geometry "${VNC_RESOLUTION:-1280x800}" -depth "${VNC_DEPTH:-24}" \
  -rfbport 5901 -interface 127.0.0.1 -localhost -nolisten tcp -AlwaysShared \
  -desktop "$desk" "${sec[@]}" "${ro[@]}" &
core+=($!)
for _ in $(seq 500); do
  [ -S /tmp/.X11-unix/X1 ] && break
  kill -0 "${core[0]}" 2>/dev/null || { log "Xvnc exited"; exit 1; }
  sleep 0.01
done

# --- websockify: noVNC static files + WebSocket (any path) -> 127.0.0.1:5901 -----------------
# With CASTER_PROXY_SECRET (Caster sets one per session) port 6901 answers only to Caster's proxy,
# which presents it as HTTP Basic (user caster), for the page as for the WebSocket: a neighbour that
# got past the network rules still finds a locked door. Without it (docker run by hand) it is open.
auth=()
if [ -n "${CASTER_PROXY_SECRET:-}" ]; then
  auth=(--web-auth --auth-plugin BasicHTTPAuth --auth-source "caster:$CASTER_PROXY_SECRET")
fi
PYTHONWARNINGS=ignore caster-websockify "${auth[@]}" --web /usr/share/novnc 6901 127.0.0.1:5901 &
core+=($!)
# The desktop's programs do not need it.
unset CASTER_PROXY_SECRET auth
for _ in $(seq 1000); do
  (exec 3<>/dev/tcp/127.0.0.1/6901) 2>/dev/null && break
  kill -0 "${core[1]}" 2>/dev/null || { log "websockify exited"; kill "${core[0]}"; exit 1; }
  sleep 0.01
done
log "ready on 6901"
# Sound: PulseAudio + the /audio and /microphone streams (caster-audio-server; after 6901 answers,
# the first frame does not wait for it).
caster-audio-server &
apps+=($!)

# --- the browser (only after 6901 answers; an app started earlier hung) ----------------------
# Local CAs of a derived image and the session's Chromium policy (downloads).
caster-chromium-setup

openbox --sm-disable &
apps+=($!)
url=about:blank
if [ -n "${KASM_URL:-}" ]; then
  if is_url "$KASM_URL"; then url="$KASM_URL"; else log "KASM_URL ignored: not an absolute URL"; fi
fi
case "${CASTER_BROWSER_MODE:-kiosk}" in
  app) mode=(--start-maximized "--app=$url") ;;
  normal) mode=(--start-maximized -- "$url") ;;
  *) mode=(--kiosk -- "$url") ;;
esac
# Restarted when it exits (a visitor closing the last window, a crash), at most once a second.
(
  trap 'kill -TERM "$pid" 2>/dev/null; wait "$pid"; exit 0' TERM
  while :; do
    rm -f "$HOME/.config/chromium/Singleton"*   # stale after a crash or `docker restart`
    chromium "${mode[@]}" >/dev/null 2>&1 &
    pid=$!
    wait "$pid"
    log "chromium exited ($?); restarting"
    sleep 1
  done
) &
apps+=($!)

# The session lives as long as Xvnc and websockify do.
wait -n "${core[@]}"
log "a core process exited; ending the session"
kill -TERM "${apps[@]}" "${core[@]}" 2>/dev/null
wait
exit 1
