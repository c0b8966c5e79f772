#!/bin/sh
# Tiny Caster test app. On port 6901 (one process, Debian's websocketd):
#   GET /            page showing the hostname, KASM_URL and CASTER_USER (HTML-escaped)
#   GET /healthz     "ok"
#   GET /opened.txt  URLs recorded by /usr/local/bin/caster-open-url, one per line
#   WebSocket on any path (e.g. /websockify): line-by-line echo (each text line is sent back)
mkdir -p /www /tmp
esc() { printf '%s' "$1" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g' -e "s/'/\&#39;/g"; }
cat > /www/index.html <<HTML
<!doctype html><html><head><meta charset="utf-8"><title>Caster tiny app</title></head>
<body><h1>Caster tiny app</h1>
<p>host: <code id="host">$(esc "$(hostname)")</code></p>
<p>KASM_URL: <code id="kasm-url">$(esc "${KASM_URL:-}")</code></p>
<p>user: <code id="user">$(esc "${CASTER_USER:-}")</code></p>
<p>WebSocket echo: any path, e.g. <code>/websockify</code>. Opened URLs: <a href="opened.txt">opened.txt</a></p>
</body></html>
HTML
printf 'ok\n' > /www/healthz
[ -f /www/opened.txt ] || : > /www/opened.txt
chmod 666 /www/opened.txt
mkdir -p /home/kasm-user

pid=
stop() { [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; exit 0; }
trap stop TERM INT
# Static files from /www for plain HTTP; every WebSocket upgrade (any path) runs `cat` => echo.
websocketd --port=6901 --staticdir=/www --loglevel="${TINY_LOGLEVEL:-access}" cat &
pid=$!
wait "$pid"
