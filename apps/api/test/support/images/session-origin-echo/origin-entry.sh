#!/bin/sh
# The tiny app's files (/www), plus CGI scripts under /cgi (headers: echoes the request headers;
# tricks: answers with headers a session must not get past the proxy), served by one websocketd.
# The tiny app's entrypoint is run only for the files it writes: its own websocketd is replaced by
# a no-op, so nothing answers on 6901 before the real server does (a readiness probe answered by a
# server about to be killed made the session "running" while nothing listened).
mkdir -p /tmp/no-server
printf '#!/bin/sh\nexit 0\n' > /tmp/no-server/websocketd
chmod 0755 /tmp/no-server/websocketd
PATH="/tmp/no-server:$PATH" sh /entrypoint.sh >/dev/null 2>&1
rm -rf /tmp/no-server
exec websocketd --port=6901 --staticdir=/www --cgidir=/cgi --loglevel=error /ws-headers.sh
