#!/usr/bin/env bash
# Starts the Docker engine when its socket does not answer, and waits until `docker info` works.
set -euo pipefail
if ! command -v dockerd >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
fi
# The Swarm provider's tests need a single-node swarm on the same engine (host-mode ports only).
ensure_swarm() {
  if [ "$(docker info --format '{{.Swarm.LocalNodeState}}')" != "active" ]; then
    docker swarm init --advertise-addr 127.0.0.1 >/dev/null
  fi
}
if docker info >/dev/null 2>&1; then
  ensure_swarm
  exit 0
fi
mkdir -p /var/log
nohup dockerd >/var/log/caster-dockerd.log 2>&1 &
for _ in $(seq 1 120); do
  if docker info >/dev/null 2>&1; then
    ensure_swarm
    exit 0
  fi
  sleep 0.5
done
echo "dockerd did not come up; last log lines:" >&2
tail -n 30 /var/log/caster-dockerd.log >&2
exit 1
