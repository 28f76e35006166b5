#!/usr/bin/env bash
# unit_security.sh MAX UNIT...: rates each systemd unit with `systemd-analyze security --offline=yes`
# and fails when any is more exposed than MAX (systemd's 0-10 scale, e.g. 2.0). Prints each rating.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: unit_security.sh MAX UNIT..." >&2; exit 2; }
max=$1
shift
command -v systemd-analyze > /dev/null || { echo "unit_security: systemd-analyze is missing (scripts/install-deps installs systemd)" >&2; exit 2; }
# --threshold is on systemd's 0-100 scale: 2.0 is 20.
threshold=$(awk -v m="$max" 'BEGIN { printf "%d", m * 10 + 0.5 }')
failed=0
for unit in "$@"; do
  [ -f "$unit" ] || { echo "unit_security: no such unit file: $unit" >&2; exit 2; }
  out=$(systemd-analyze security --offline=yes --no-pager --threshold="$threshold" "$unit" 2>&1) && status=0 || status=$?
  level=$(printf '%s\n' "$out" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\) .*/\1/p' | tail -1)
  if [ -z "$level" ]; then
    echo "unit_security: systemd-analyze gave no rating for $unit:" >&2
    printf '%s\n' "$out" >&2
    exit 2
  fi
  if [ "$status" -ne 0 ]; then
    echo "FAIL $(basename "$unit"): exposure $level, more than $max. What it still allows:"
    printf '%s\n' "$out" | grep '^✗' || true
    failed=1
  else
    echo "ok   $(basename "$unit"): exposure $level (at most $max)"
  fi
done
exit "$failed"
