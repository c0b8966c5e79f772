#!/bin/sh
# Every WebSocket: first the request headers it came with (one line each, then "--"), then echo.
env | grep -E '^HTTP_' | sort
echo --
exec cat
