#!/usr/bin/env bash
# kiosk_start_bench: the appliance's start-up and idle figures against DESIGN.md's budgets, measured on
# the real `kiosk --demo` binary under Xvfb (the x11 driver blocks in the X connection like on the
# appliance, unlike the offscreen driver):
#   first frame   time from exec to the "ready" line (printed after the first frame is presented);
#                 with --demo this includes building the demo world (seeding 2,000 residents, the
#                 demo cards, the simulators), so it is an upper bound for the appliance's start
#   memory        Rss and Pss of the process at the attract screen (/proc/PID/smaps_rollup); the
#                 in-process simulators are included
#   idle CPU      utime+stime used over IDLE_S seconds at the attract screen (/proc/PID/stat)
# for each renderer. Usage: kiosk_start_bench.sh KIOSK_BIN [IDLE_S]
set -euo pipefail
kiosk=${1:?usage: kiosk_start_bench.sh KIOSK_BIN [IDLE_S]}
idle_s=${2:-10}
command -v Xvfb >/dev/null || { echo "kiosk_start_bench: Xvfb is not installed" >&2; exit 1; }

work=$(mktemp -d)
xvfb_pid=""
kiosk_pid=""
cleanup() {
  [ -n "$kiosk_pid" ] && kill "$kiosk_pid" 2>/dev/null && wait "$kiosk_pid" 2>/dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkfifo "$work/display"
Xvfb -displayfd 6 -screen 0 1280x800x24 -nolisten tcp 6>"$work/display" 2>/dev/null &
xvfb_pid=$!
read -r -t 15 number <"$work/display" || { echo "kiosk_start_bench: Xvfb did not start" >&2; exit 1; }
export DISPLAY=":$number"
unset SDL_VIDEODRIVER

clk_tck=$(getconf CLK_TCK)
cpu_ms() { awk -v t="$clk_tck" '{ sub(/^.*\) /, ""); print int(($12 + $13) * 1000 / t) }' "/proc/$1/stat"; }

printf '%-12s %14s %14s %10s %10s %16s\n' renderer first_frame_ms of_it_demo_ms rss_mib pss_mib "idle_cpu_ms/${idle_s}s"
for renderer in software accelerated; do
  mkfifo "$work/out-$renderer"
  start_ns=$(date +%s%N)
  "$kiosk" --demo --fullscreen --size 1280x800 --renderer "$renderer" >"$work/out-$renderer" 2>"$work/err-$renderer" &
  kiosk_pid=$!
  ready_ns=""
  while read -r -t 60 line; do
    case "$line" in ready*) ready_ns=$(date +%s%N); demo_ms=${line##*demo_setup_ms=}; break ;; esac
  done <"$work/out-$renderer" || true
  if [ -z "$ready_ns" ]; then
    echo "kiosk_start_bench: $renderer: no ready line" >&2
    cat "$work/err-$renderer" >&2
    exit 1
  fi
  # Keep draining stdout so the kiosk never blocks on a full pipe.
  cat "$work/out-$renderer" >/dev/null &
  drain_pid=$!
  sleep 1  # let the devices report in and the attract screen settle
  rss_kib=$(awk '/^Rss:/ { print $2 }' "/proc/$kiosk_pid/smaps_rollup")
  pss_kib=$(awk '/^Pss:/ { print $2 }' "/proc/$kiosk_pid/smaps_rollup")
  cpu0=$(cpu_ms "$kiosk_pid")
  sleep "$idle_s"
  cpu1=$(cpu_ms "$kiosk_pid")
  printf '%-12s %14d %14d %10.1f %10.1f %16d\n' "$renderer" $(((ready_ns - start_ns) / 1000000)) "$demo_ms" \
    "$(echo "$rss_kib / 1024" | bc -l)" "$(echo "$pss_kib / 1024" | bc -l)" $((cpu1 - cpu0))
  kill -TERM "$kiosk_pid"
  wait "$kiosk_pid" || { echo "kiosk_start_bench: $renderer: kiosk did not exit cleanly on SIGTERM" >&2; exit 1; }
  kiosk_pid=""
  wait "$drain_pid" 2>/dev/null || true
done
echo "budgets (DESIGN.md): first frame < 80 ms, memory < 48 MiB PSS, idle CPU zero"
