#!/bin/bash
# xrdp test server: user rdpuser with the password $RDP_TEST_PASSWORD (default caster-test),
# xrdp-sesman and xrdp in the foreground on 3389. TERM ends both (exit 0).
# RDP_TEST_HOLD=1: nothing listens until /tmp/caster-test-go exists (a server that is not up yet).
set -u
if [ "${RDP_TEST_HOLD:-0}" = 1 ]; then
  trap 'exit 0' TERM INT
  echo "xrdp-test: holding until /tmp/caster-test-go"
  while [ ! -e /tmp/caster-test-go ]; do sleep 0.1; done
fi
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
