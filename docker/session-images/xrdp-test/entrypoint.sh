#!/bin/bash
# xrdp test server: user rdpuser with the password $RDP_TEST_PASSWORD (default caster-test),
# xrdp-sesman and xrdp in the foreground on 3389. TERM ends both (exit 0).
set -u
printf 'rdpuser:%s\n' "${RDP_TEST_PASSWORD:-caster-test}" | chpasswd
rm -f /var/run/xrdp/*.pid /var/run/xrdp-sesman.pid 2>/dev/null
mkdir -p /var/run/xrdp && chown xrdp:xrdp /var/run/xrdp 2>/dev/null || true
xrdp-sesman --nodaemon &
sesman=$!
xrdp --nodaemon &
xrdp=$!
trap 'kill -TERM $xrdp $sesman 2>/dev/null; wait; exit 0' TERM INT
echo "xrdp-test: listening on 3389"
wait -n $xrdp $sesman
kill -TERM $xrdp $sesman 2>/dev/null
wait
exit 1
