# Sourced by session entrypoints (rdp-gateway; the desktop's and browser's own copies predate it):
# the virtual display and the viewer port every VNC-streamed session has.
#   display_start   Xvnc :1, RFB on 127.0.0.1:5901 only, client settings enforced server-side;
#                   its argument is the desktop name viewers show: keep it neutral, never a user's
#   viewer_start    websockify + noVNC on 6901 (HTTP Basic caster:$CASTER_PROXY_SECRET when set);
#                   caster-websockify where the image has it (also /audio and /microphone)
# Both append their PID to the caller's `core` array and return once the part answers; a part
# that dies before answering ends the entrypoint with exit 1. Callers set `log`.
# shellcheck disable=SC2154  # core and log are the caller's

display_start() {
  local desk="${1:-Desktop}" sec=(-SecurityTypes None) ro=() _
  rm -f /tmp/.X1-lock /tmp/.X11-unix/X1     # stale after `docker restart`
  if [ "${VNC_VIEW_ONLY:-0}" = 1 ]; then
    ro=(-AcceptKeyEvents=0 -AcceptPointerEvents=0 -AcceptCutText=0 -AcceptSetDesktopSize=0)
  fi
  [ "${CASTER_ALLOW_CLIPBOARD_UP:-1}" = 0 ] && ro+=(-AcceptCutText=0)
  [ "${CASTER_ALLOW_CLIPBOARD_DOWN:-1}" = 0 ] && ro+=(-SendCutText=0)
  Xvnc :1 -geometry "${VNC_RESOLUTION:-1280x800}" -depth "${VNC_DEPTH:-24}" \
    -rfbport 5901 -interface 127.0.0.1 -localhost -nolisten tcp -AlwaysShared \
    -desktop "$desk" "${sec[@]}" "${ro[@]}" &
  core+=($!)
  for _ in $(seq 500); do
    [ -S /tmp/.X11-unix/X1 ] && return 0
    kill -0 "$!" 2>/dev/null || { log "Xvnc exited"; exit 1; }
    sleep 0.01
  done
}

viewer_start() {
  local auth=() pid _
  if [ -n "${CASTER_PROXY_SECRET:-}" ]; then
    auth=(--web-auth --auth-plugin BasicHTTPAuth --auth-source "caster:$CASTER_PROXY_SECRET")
  fi
  local ws=websockify
  command -v caster-websockify >/dev/null 2>&1 && ws=caster-websockify
  PYTHONWARNINGS=ignore "$ws" "${auth[@]}" --web /usr/share/novnc 6901 127.0.0.1:5901 &
  pid=$!
  core+=("$pid")
  # The session's programs do not need it.
  unset CASTER_PROXY_SECRET
  for _ in $(seq 1000); do
    (exec 3<>/dev/tcp/127.0.0.1/6901) 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { log "websockify exited"; kill "${core[@]}"; exit 1; }
    sleep 0.01
  done
}
