#!/usr/bin/env bash
# Compose smoke test: builds the offline base images (docker/base/build-base.sh) and Caster's image
# on them, starts docker/compose.yml (PostgreSQL, Redis, Caster with the host's Docker socket) with
# Debian's docker-compose, and checks it like an operator would: healthy, running as the non-root
# user, migrations applied on PostgreSQL, then tools/ci/compose-smoke-checks.mjs over HTTP on
# 127.0.0.1 (health, the SPA, admin sign-in, one session through the proxy). The stack and its
# volumes are removed afterwards, whatever happened. Last line: `compose smoke: N passed, M failed`.
# Needs root (debootstrap, on the first run), the Docker engine, docker-compose, node.
# Env: SMOKE_PROJECT (compose project, default caster-smoke), SMOKE_KEEP=1 (leave the stack up).
set -uo pipefail
cd "$(dirname "$0")/../.."
# npm test sets FORCE_COLOR for its own output; numbers printed by node must stay plain here.
unset FORCE_COLOR
project="${SMOKE_PROJECT:-caster-smoke}"
image=caster/caster:smoke
passed=0 failed=0
t0=$SECONDS

pass() { passed=$((passed + 1)); echo "PASS $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
finish() {
  echo "compose smoke: $([ "$failed" = 0 ] && echo PASS || echo FAIL) in $((SECONDS - t0)) s"
  echo "compose smoke: $passed passed, $failed failed"
  # (an explicit status: a bare `exit` in an EXIT trap keeps the status the script had)
  if [ "$failed" = 0 ]; then exit 0; else exit 1; fi
}
timed() { # label command... : runs the command quietly (its output shown on failure), times it
  local label="$1" s=$SECONDS out rc
  shift
  out="$("$@" 2>&1)"; rc=$?
  if [ $rc = 0 ]; then pass "$label ($((SECONDS - s)) s)"; else echo "$out" | tail -40; fail "$label (exit $rc)"; fi
  return $rc
}

echo "== images"
timed "base images (docker/base/build-base.sh all)" bash docker/base/build-base.sh all || finish
timed "session images caster/tiny-app, caster/netguard" bash docker/session-images/build.sh tiny || finish
previous="$(docker image inspect -f '{{.Id}}' "$image" 2>/dev/null)"
timed "caster image $image" docker build -q -f docker/Dockerfile -t "$image" --build-arg BASE_IMAGE=caster/node-base:20 . || finish
# The image this one replaced, now untagged (kept while a container uses it; its layers stay cached).
[ -z "$previous" ] || [ "$previous" = "$(docker image inspect -f '{{.Id}}' "$image")" ] ||
  docker rmi "$previous" >/dev/null 2>&1 || true
# Superseded build stages (untagged, labelled in docker/Dockerfile) would pile up, one per source
# change: keep the newest (the cache for an unchanged rerun), remove the rest.
stale="$(docker images -q -f dangling=true -f label=org.caster.stage=build | tail -n +2)"
[ -z "$stale" ] || docker rmi $stale >/dev/null 2>&1 || true
echo "image $image: $(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}')"

# --- the stack ---------------------------------------------------------------------------------------
port="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})")"
export COMPOSE_PROJECT_NAME="$project"
export CASTER_IMAGE="$image" BASE_IMAGE=caster/node-base:20
export POSTGRES_IMAGE=caster/postgres:15 REDIS_IMAGE=caster/redis:7
export ADMIN_PASSWORD="smoke-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export POSTGRES_PASSWORD="pg-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export CASTER_PORT="$port" PUBLIC_URL="http://127.0.0.1:$port" TRUSTED_PROXIES=""
export SESSIONS_NETWORK="${project}_sessions"
# Subnets of this run's own (a second run on the same engine must not overlap).
octet=$((RANDOM % 200 + 20))
export SESSIONS_SUBNET="10.213.$octet.0/25" SESSIONS_IP_RANGE="10.213.$octet.64/26" CASTER_SESSIONS_IP="10.213.$octet.2"
export SESSIONS_OFFLINE_SUBNET="10.213.$octet.128/25" SESSIONS_OFFLINE_IP_RANGE="10.213.$octet.192/26" \
  CASTER_SESSIONS_OFFLINE_IP="10.213.$octet.130"
export DOCKER_GID="$(stat -c %g /var/run/docker.sock)"
compose() { docker-compose -f docker/compose.yml "$@"; }

cleanup() {
  if [ "$failed" != 0 ]; then
    echo "== caster logs: warnings and errors (last 40), then the last lines that are not requests"
    local logs; logs="$(compose logs --no-color --tail=2000 caster 2>/dev/null)"
    grep -E '"level":[4-6]0' <<<"$logs" | tail -40
    grep -v '"req":{' <<<"$logs" | tail -10
  fi
  if [ "${SMOKE_KEEP:-0}" = 1 ]; then
    echo "SMOKE_KEEP=1: stack left up on http://127.0.0.1:$port (project $project; admin / $ADMIN_PASSWORD)"
    return
  fi
  # Session containers Caster started: this run's network, and Caster's session label.
  local ids
  ids="$(docker ps -aq --filter "network=$SESSIONS_NETWORK" --filter label=org.caster.session-id 2>/dev/null)"
  [ -z "$ids" ] || docker rm -f $ids >/dev/null 2>&1
  compose down -v --remove-orphans >/dev/null 2>&1 || echo "warning: docker-compose down failed" >&2
}
trap 'cleanup; finish' EXIT
trap 'exit 130' INT TERM

echo "== docker-compose up ($project, http://127.0.0.1:$port)"
compose down -v --remove-orphans >/dev/null 2>&1 # a previous run killed before its cleanup
s=$SECONDS
if ! out="$(compose up -d --no-build 2>&1)"; then echo "$out" | tail -20; fail "docker-compose up"; exit 1; fi
cid="$(compose ps -q caster)"
health=starting
while [ $((SECONDS - s)) -lt 180 ]; do
  health="$(docker inspect -f '{{.State.Health.Status}}' "$cid" 2>/dev/null || echo gone)"
  [ "$health" = healthy ] || [ "$health" = unhealthy ] || [ "$health" = gone ] && break
  sleep 0.5
done
if [ "$health" = healthy ]; then pass "stack up, caster healthy ($((SECONDS - s)) s after up)"
else fail "caster is $health $((SECONDS - s)) s after up"; exit 1; fi

uid="$(docker exec "$cid" id -u 2>&1)"
[ "$uid" = 10001 ] && pass "caster runs as uid 10001" || fail "caster runs as uid $uid"

migrations="$(compose exec -T postgres psql -U caster -d caster -tAc 'SELECT count(*) FROM migrations' 2>&1)"
[[ "$migrations" =~ ^[1-9][0-9]*$ ]] && pass "migrations ran on PostgreSQL ($migrations)" \
  || fail "migrations table: $migrations"

echo "== HTTP checks"
out="$(ADMIN_PASSWORD="$ADMIN_PASSWORD" node tools/ci/compose-smoke-checks.mjs "http://127.0.0.1:$port" 2>&1)"
rc=$?
echo "$out"
n_pass="$(grep -c '^PASS' <<<"$out")" n_fail="$(grep -c '^FAIL' <<<"$out")"
passed=$((passed + n_pass)) failed=$((failed + n_fail))
if [ "$rc" != 0 ] && [ "$n_fail" = 0 ]; then fail "compose-smoke-checks.mjs exited $rc"; fi
if [ "$n_pass" = 0 ] && [ "$n_fail" = 0 ]; then fail "compose-smoke-checks.mjs ran no check"; fi
