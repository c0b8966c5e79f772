#!/bin/sh
# Tiny Caster test app: serves a page on 6901 that shows where it runs and the KASM_URL it was given.
mkdir -p /www
esc() { printf '%s' "$1" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g'; }
cat > /www/index.html <<HTML
<!doctype html><html><head><meta charset="utf-8"><title>Caster tiny app</title></head>
<body><h1>Caster tiny app</h1>
<p>host: <code id="host">$(esc "$(hostname)")</code></p>
<p>KASM_URL: <code id="kasm-url">$(esc "${KASM_URL:-}")</code></p>
<p>user: <code id="user">$(esc "${CASTER_USER:-}")</code></p>
</body></html>
HTML
printf 'ok' > /www/healthz
mkdir -p /home/kasm-user
trap 'exit 0' TERM INT
httpd -f -p 6901 -h /www &
wait $!
