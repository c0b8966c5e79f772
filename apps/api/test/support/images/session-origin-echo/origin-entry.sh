#!/bin/sh
# The tiny app, plus CGI scripts under /cgi (headers: echoes the request headers; tricks: answers
# with headers a session must not get past the proxy).
sh /entrypoint.sh >/dev/null 2>&1 &
sleep 0.2; kill %1 2>/dev/null
exec websocketd --port=6901 --staticdir=/www --cgidir=/cgi --loglevel=error /ws-headers.sh
