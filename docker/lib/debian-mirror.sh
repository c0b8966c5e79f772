# Sourced by the image scripts that debootstrap a Debian root file system.
# debian_mirror SUITE: CASTER_DEBIAN_MIRROR, else the URIs of the first deb822 stanza of this
# machine's /etc/apt/sources.list.d/debian.sources whose Suites include SUITE (so not the -security
# one), else deb.debian.org.
debian_mirror() {
  local suite="$1" found="${CASTER_DEBIAN_MIRROR:-}"
  if [ -z "$found" ]; then
    found="$(awk -v s="$suite" '
      /^[[:space:]]*$/ { if (u != "" && ok) { print u; exit } u=""; ok=0; next }
      /^URIs:/ { u=$2 } /^Suites:/ { for (i=2;i<=NF;i++) if ($i==s) ok=1 }
      END { if (u != "" && ok) print u }' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)"
  fi
  echo "${found:-http://deb.debian.org/debian}"
}
