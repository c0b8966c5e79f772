#!/bin/sh
# Runs Redis as the redis user; started as root, it fixes /data's owner first.
# `docker run caster/redis:7 --appendonly yes` works as with the official image.
set -eu
case "${1:-}" in -*) set -- redis-server "$@" ;; esac
if [ "$(id -u)" = 0 ]; then
  [ "$(stat -c %U /data)" = redis ] || chown -R redis:redis /data
  exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi
exec "$@"
