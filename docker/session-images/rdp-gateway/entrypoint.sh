#!/bin/bash
# Caster RDP gateway session: Xvnc (:1, loopback only) -> websockify + noVNC on 6901, and FreeRDP's
# X11 client full screen on that display, connected to the workspace's RDP server. The visitor sees
# and drives the remote desktop (or RemoteApp) through Caster's viewer like any desktop session and
# never learns the server's address or credentials. Runs as kasm-user (uid 1000).
#
# Environment (set by the Caster API; none of it is secret):
#   CASTER_RDP_HOST, CASTER_RDP_PORT       the server (required)
#   CASTER_RDP_USERNAME, CASTER_RDP_DOMAIN  optional
#   CASTER_RDP_IGNORE_CERT=1               accept any server certificate (self-signed xrdp, labs)
#   CASTER_RDP_APP                         RemoteApp program or ||alias  -> /app:
#   CASTER_RDP_APP_CMD                     its command line (already quoted by the API) -> /app-cmd:
#   CASTER_RDP_DYNAMIC_RESOLUTION=1        the remote desktop follows the viewer's size
#   CASTER_ALLOW_CLIPBOARD_UP/DOWN, CASTER_ALLOW_UPLOADS/DOWNLOADS, CASTER_ALLOW_AUDIO,
#   CASTER_ALLOW_MICROPHONE                client settings (see docker/session-images/README.md)
# The password, if the workspace stores one, is a file the API writes into the container before it
# starts (/run/caster-secrets/rdp-password): read once, deleted, handed to FreeRDP on its stdin
# (/from-stdin:force), so it is in no environment, argv, process list or log.
#   CASTER_RDP_CONNECT_ATTEMPTS            connection attempts before the session fails (default 3)
# FreeRDP's argv (never the password) is written to /tmp/caster-freerdp.args, one per line.
# A connection that cannot be made (FreeRDP's transport, DNS and TLS failures, or a disconnect
# within 10 s) is tried again after 1 s, 2 s, …; the password stays in this script's memory until
# then. When FreeRDP ends otherwise (the user logged off, a refusal) the session ends.
set -u
export DISPLAY=:1
export HOME="${HOME:-/home/kasm-user}"
cd "$HOME" 2>/dev/null || cd /tmp
log() { printf 'caster-rdp-gateway: %s\n' "$*"; }
# shellcheck source=docker/session-images/desktop/session-display.sh
. /usr/local/lib/caster/session-display.sh

core=()
rdp=
audio=
stop() {
  trap - TERM INT
  log "stopping"
  kill -TERM ${rdp:+"$rdp"} ${audio:+"$audio"} "${core[@]}" 2>/dev/null
  wait
  exit 0
}
trap stop TERM INT

secret=/run/caster-secrets/rdp-password
password=
have_password=0
if [ -f "$secret" ]; then
  IFS= read -r password < "$secret" || true
  have_password=1
  rm -f "$secret"
fi

[ -n "${CASTER_RDP_HOST:-}" ] || { log "CASTER_RDP_HOST is not set"; exit 1; }
display_start Caster
viewer_start
# FreeRDP starts only once openbox manages the screen: a window mapped while the window manager
# is still starting is unmapped and remapped under it, FreeRDP then asks the server to suppress
# output, and the visitor could be left looking at a black screen.
ready=/tmp/caster-openbox.ready
rm -f "$ready"
openbox --sm-disable --startup "touch $ready" &
wm=$!
core+=("$wm")
log "ready on 6901"
# Sound: PulseAudio + the /audio and /microphone streams, as in the desktop image. FreeRDP plays
# the server's sound into it and records the visitor's microphone from it.
caster-audio-server &
audio=$!

size="${VNC_RESOLUTION:-1280x800}"
# A window the size of the display, kept maximized and undecorated by openbox (not /f: FreeRDP's
# full-screen mode shows a floating bar with the server's name). /t: keeps the address out of the title.
args=("/v:${CASTER_RDP_HOST}:${CASTER_RDP_PORT:-3389}" "/size:$size" /t:Caster -decorations
      /log-level:WARN +auto-reconnect /bpp:24)
[ -n "${CASTER_RDP_USERNAME:-}" ] && args+=("/u:$CASTER_RDP_USERNAME")
[ -n "${CASTER_RDP_DOMAIN:-}" ] && args+=("/d:$CASTER_RDP_DOMAIN")
[ "$have_password" = 1 ] && args+=(/from-stdin:force)
if [ "${CASTER_RDP_IGNORE_CERT:-0}" = 1 ]; then args+=(/cert:ignore); else args+=(/cert:deny); fi
[ "${CASTER_RDP_DYNAMIC_RESOLUTION:-1}" = 1 ] && args+=(/dynamic-resolution)
if [ "${CASTER_ALLOW_CLIPBOARD_UP:-1}" = 1 ] || [ "${CASTER_ALLOW_CLIPBOARD_DOWN:-1}" = 1 ]; then
  args+=(+clipboard)
else
  args+=(-clipboard)
fi
if [ "${CASTER_ALLOW_UPLOADS:-0}" = 1 ] || [ "${CASTER_ALLOW_DOWNLOADS:-0}" = 1 ]; then
  args+=("/drive:Transfers,$HOME/Transfers")
fi
# PulseAudio answers within a second or so of caster-audio-server's start.
pulse=0
if [ "${CASTER_ALLOW_AUDIO:-0}" = 1 ] || [ "${CASTER_ALLOW_MICROPHONE:-0}" = 1 ]; then
  for _ in $(seq 100); do
    pactl info >/dev/null 2>&1 && { pulse=1; break; }
    sleep 0.05
  done
  [ "$pulse" = 1 ] || log "PulseAudio did not answer: the remote sound stays off"
fi
if [ "$pulse" = 1 ] && [ "${CASTER_ALLOW_AUDIO:-0}" = 1 ]; then
  args+=(/sound:sys:pulse)
else
  args+=(/audio-mode:2)   # the server plays nothing (sound off for this session)
fi
[ "$pulse" = 1 ] && [ "${CASTER_ALLOW_MICROPHONE:-0}" = 1 ] && args+=(/microphone:sys:pulse)
if [ -n "${CASTER_RDP_APP:-}" ]; then
  args+=("/app:$CASTER_RDP_APP")
  [ -n "${CASTER_RDP_APP_CMD:-}" ] && args+=("/app-cmd:$CASTER_RDP_APP_CMD")
fi
printf '%s\n' "${args[@]}" > /tmp/caster-freerdp.args
for _ in $(seq 1000); do
  [ -e "$ready" ] && break
  kill -0 "$wm" 2>/dev/null || { log "openbox exited"; exit 1; }
  sleep 0.01
done

# FreeRDP's exit codes (client/X11/xf_client.h) that mean "the connection could not be made", as
# opposed to a refusal (credentials, certificate, licence) or the remote user leaving: the server
# may be a moment away (booting, a network blip, its listener restarting), so these are retried.
retryable() {
  case "$1" in 131|137|139|141|142|143|147) return 0 ;; *) return 1 ;; esac
}
attempts="${CASTER_RDP_CONNECT_ATTEMPTS:-3}"
case "$attempts" in ''|*[!0-9]*) attempts=3 ;; esac
[ "$attempts" -ge 1 ] || attempts=1
attempt=0
while :; do
  attempt=$((attempt + 1))
  started=$SECONDS
  if [ "$have_password" = 1 ]; then
    # A here-string is written by bash itself: the password never becomes an argument of a process.
    xfreerdp "${args[@]}" <<< "$password" &
  else
    xfreerdp "${args[@]}" < /dev/null &
  fi
  rdp=$!

  wait -n "$rdp" "${core[@]}"
  code=$?
  kill -0 "$rdp" 2>/dev/null && break
  rdp=
  # A disconnect within seconds of starting is the server dropping a connection it was still
  # setting up (xrdp whose session manager is not ready yet), not a user who was working.
  quick=0
  [ $((SECONDS - started)) -lt 10 ] && quick=1
  if [ "$attempt" -lt "$attempts" ] && { retryable "$code" || { [ "$quick" = 1 ] && [ "$code" = 1 ]; }; }; then
    log "FreeRDP could not connect (code $code, attempt $attempt of $attempts); trying again"
    sleep "$attempt"
    continue
  fi
  unset password
  log "FreeRDP exited with code $code; ending the session"
  kill -TERM ${audio:+"$audio"} "${core[@]}" 2>/dev/null
  wait
  # 0: the remote user logged off or disconnected; anything else is a connection failure.
  case "$code" in 0|1|2|11|12) exit 0 ;; *) exit "$code" ;; esac
done
unset password
log "a core process exited; ending the session"
kill -TERM "$rdp" ${audio:+"$audio"} "${core[@]}" 2>/dev/null
wait
exit 1
