#!/bin/sh
# Caster netguard: installs the host-side firewall rules that keep session containers away from the
# host, from each other and from link-local/metadata addresses. Run by the API as a short-lived
# container on the session engine: --network host --cap-drop ALL --cap-add NET_ADMIN --cap-add NET_RAW.
#
#   netguard.sh apply <spec>...   spec = <bridge>:<online|offline>[:<trusted-subnet>:<dynamic-range>]
#   netguard.sh remove            deletes every CSTR-* chain and the jumps to them
#   netguard.sh fence [--dns] <port> <ipv4>...
#                                 run in ONE session container's network namespace (--network
#                                 container:<id>, same capabilities): its outbound traffic may only
#                                 be TCP to <ipv4>:<port> (the RDP gateway's server), replies, and
#                                 loopback (--dns: and DNS, port 53, for a server given by name);
#                                 everything else is refused. The rules live in that
#                                 namespace, so they end with the container (no cleanup, no reuse).
#
# Every rule lives in chains of our own, one pair per sessions bridge (CSTR-IN-<bridge> jumped to
# from INPUT, CSTR-FW-<bridge> jumped to from DOCKER-USER, or FORWARD where Docker made none),
# written in one iptables-restore transaction that replaces the chain's content: applying twice
# gives the same rules, and no rule outside those chains is added, changed or flushed.
set -eu

# The backend that holds Docker's rules (nf_tables or legacy): the one that has DOCKER-USER.
pick() {
  for b in nft legacy; do
    if "xtables-$b-multi" iptables -w -S DOCKER-USER >/dev/null 2>&1; then echo "$b"; return; fi
  done
  echo nft
}
B="$(pick)"
ipt() { "xtables-$B-multi" iptables -w "$@"; }
ip6t() { "xtables-$B-multi" ip6tables -w "$@"; }
restore4() { "xtables-$B-multi" iptables-restore -w --noflush; }
restore6() { "xtables-$B-multi" ip6tables-restore -w --noflush; }

# jump <cmd> <parent chain> <bridge> <chain>: exactly one `-i <bridge> -j <chain>` at the top of the parent.
jump() {
  cmd="$1"; parent="$2"; br="$3"; chain="$4"
  $cmd -C "$parent" -i "$br" -j "$chain" 2>/dev/null || $cmd -I "$parent" 1 -i "$br" -j "$chain"
  # A concurrent apply may have inserted a second one: keep one.
  while [ "$($cmd -S "$parent" | grep -c -- "-i $br -j $chain\$")" -gt 1 ]; do
    $cmd -D "$parent" -i "$br" -j "$chain"
  done
}

# Chains left by bridges that no longer exist (a network removed since): unhooked and deleted.
sweep() {
  cmd="$1"
  for chain in $($cmd -S | sed -n 's/^-N \(CSTR-\(IN\|FW\)-\(.*\)\)$/\1/p'); do
    br="${chain#CSTR-??-}"
    [ -e "/sys/class/net/$br" ] && continue
    for parent in INPUT FORWARD DOCKER-USER; do
      while $cmd -D "$parent" -i "$br" -j "$chain" 2>/dev/null; do :; done
    done
    $cmd -F "$chain" 2>/dev/null || true
    $cmd -X "$chain" 2>/dev/null || true
  done
}

apply_one() {
  br="$1"; mode="$2"; trusted="${3:-}"; dynamic="${4:-}"
  case "$br" in *[!A-Za-z0-9_.-]*|'') echo "bad bridge name: $br" >&2; exit 2 ;; esac
  in="CSTR-IN-$br"; fw="CSTR-FW-$br"
  fwparent=DOCKER-USER
  ipt -S DOCKER-USER >/dev/null 2>&1 || fwparent=FORWARD
  {
    echo '*filter'
    echo ":$in - [0:0]"
    echo ":$fw - [0:0]"
    # To the host itself (gateway, every host address, every port: API, engine, sshd, databases):
    # only replies to connections the host opened (the proxy reaching the session) come back.
    echo "-A $in -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN"
    echo "-A $in -p tcp -j REJECT --reject-with tcp-reset"
    echo "-A $in -j REJECT --reject-with icmp-port-unreachable"
    # Forwarded (leaving the bridge, or to another container on it).
    echo "-A $fw -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN"
    if [ -n "$trusted" ]; then
      # Reach-network mode: addresses of the subnet outside Docker's dynamic range are the API's
      # (static ipv4_address); sessions always get one inside the range, so they stay apart.
      echo "-A $fw -o $br -s $dynamic -j REJECT --reject-with icmp-port-unreachable"
      echo "-A $fw -o $br -s $trusted -p tcp -j ACCEPT"
    fi
    echo "-A $fw -o $br -j REJECT --reject-with icmp-port-unreachable"
    echo "-A $fw -d 169.254.0.0/16 -j REJECT --reject-with icmp-port-unreachable"
    echo "-A $fw -d 100.100.100.200/32 -j REJECT --reject-with icmp-port-unreachable"
    if [ "$mode" = offline ]; then
      echo "-A $fw -j REJECT --reject-with icmp-port-unreachable"
    fi
    echo 'COMMIT'
  } | restore4
  jump ipt INPUT "$br" "$in"
  jump ipt "$fwparent" "$br" "$fw"

  # IPv6: session networks are IPv4-only and Docker disables IPv6 in their containers; these
  # rules are the second line (link-local fe80::/10 to the host or to each other).
  if ip6t -S INPUT >/dev/null 2>&1; then
    fw6parent=DOCKER-USER
    ip6t -S DOCKER-USER >/dev/null 2>&1 || fw6parent=FORWARD
    {
      echo '*filter'
      echo ":$in - [0:0]"
      echo ":$fw - [0:0]"
      echo "-A $in -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN"
      echo "-A $in -j DROP"
      echo "-A $fw -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN"
      echo "-A $fw -j DROP"
      echo 'COMMIT'
    } | restore6
    jump ip6t INPUT "$br" "$in"
    jump ip6t "$fw6parent" "$br" "$fw"
  fi
  echo "applied $br $mode${trusted:+ trusted=$trusted dynamic=$dynamic}"
}

# fence <port> <ipv4>...: see the header. The container itself has no NET_ADMIN: it cannot undo this.
fence() {
  dns=0
  [ "${1:-}" = --dns ] && { dns=1; shift; }
  port="${1:-}"; shift || true
  case "$port" in ''|*[!0-9]*) echo "bad port: $port" >&2; exit 2 ;; esac
  [ "$port" -ge 1 ] && [ "$port" -le 65535 ] || { echo "bad port: $port" >&2; exit 2; }
  [ $# -ge 1 ] || { echo "fence: no address" >&2; exit 2; }
  for a in "$@"; do
    case "$a" in *[!0-9.]*|'') echo "bad address: $a" >&2; exit 2 ;; esac
  done
  # The namespace is the container's own: nothing of Docker's is in its filter table.
  F=nft
  {
    echo '*filter'
    echo ':CSTR-FENCE - [0:0]'
    echo '-A CSTR-FENCE -o lo -j RETURN'
    echo '-A CSTR-FENCE -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN'
    for a in "$@"; do echo "-A CSTR-FENCE -d $a/32 -p tcp --dport $port -j RETURN"; done
    if [ "$dns" = 1 ]; then
      echo '-A CSTR-FENCE -p udp --dport 53 -j RETURN'
      echo '-A CSTR-FENCE -p tcp --dport 53 -j RETURN'
    fi
    echo '-A CSTR-FENCE -p tcp -j REJECT --reject-with tcp-reset'
    echo '-A CSTR-FENCE -j REJECT --reject-with icmp-port-unreachable'
    echo 'COMMIT'
  } | "xtables-$F-multi" iptables-restore -w --noflush
  "xtables-$F-multi" iptables -w -C OUTPUT -j CSTR-FENCE 2>/dev/null ||
    "xtables-$F-multi" iptables -w -I OUTPUT 1 -j CSTR-FENCE
  if "xtables-$F-multi" ip6tables -w -S OUTPUT >/dev/null 2>&1; then
    {
      echo '*filter'
      echo ':CSTR-FENCE - [0:0]'
      echo '-A CSTR-FENCE -o lo -j RETURN'
      echo '-A CSTR-FENCE -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN'
      echo '-A CSTR-FENCE -j DROP'
      echo 'COMMIT'
    } | "xtables-$F-multi" ip6tables-restore -w --noflush
    "xtables-$F-multi" ip6tables -w -C OUTPUT -j CSTR-FENCE 2>/dev/null ||
      "xtables-$F-multi" ip6tables -w -I OUTPUT 1 -j CSTR-FENCE
  fi
  echo "fenced to $* port $port$([ "$dns" = 1 ] && echo ' (and DNS)')"
}

case "${1:-}" in
  fence)
    shift
    fence "$@"
    ;;
  apply)
    shift
    sweep ipt
    ip6t -S >/dev/null 2>&1 && sweep ip6t
    for spec in "$@"; do
      IFS=: read -r br mode trusted dynamic <<SPEC
$spec
SPEC
      apply_one "$br" "$mode" "$trusted" "$dynamic"
    done
    echo "backend $B"
    ;;
  remove)
    for cmd in ipt ip6t; do
      $cmd -S >/dev/null 2>&1 || continue
      for chain in $($cmd -S | sed -n 's/^-N \(CSTR-\(IN\|FW\)-.*\)$/\1/p'); do
        br="${chain#CSTR-??-}"
        for parent in INPUT FORWARD DOCKER-USER; do
          while $cmd -D "$parent" -i "$br" -j "$chain" 2>/dev/null; do :; done
        done
        $cmd -F "$chain"; $cmd -X "$chain"
      done
    done
    echo "removed"
    ;;
  show)
    ipt -S | grep -e CSTR- || true
    ip6t -S 2>/dev/null | grep -e CSTR- || true
    ;;
  *) echo "usage: netguard.sh apply <bridge>:<online|offline>[:<trusted>:<dynamic>]... | remove | show | fence <port> <ipv4>..." >&2; exit 2 ;;
esac
