#!/usr/bin/env bash
# mgmt_status_bench: GET /api/v1/status requests per second from the kiosk's management server against
# nginx serving the same JSON over TLS on this machine (DESIGN.md budget: at least 0.7x of nginx).
#
# Both answer over TLS 1.3 with a P-256 certificate, keep-alive, the same bearer header sent, measured
# with wrk from the same machine in the same run: wrk -t1 -c${CONNECTIONS} -d${SECONDS}s. The kiosk
# serves from one thread (its server thread); nginx is measured with one worker (the same thread
# count) and with `worker_processes auto` (its default on this machine), and both ratios are printed.
# The kiosk runs `--demo` on the offscreen video driver at its attract screen. wrk's own CPU shares
# the machine's cores with the server under test in both cases. The kiosk's server thread runs at
# nice 10 (ServerLimits::thread_nice: it yields to the UI), so nginx runs at nice 10 too: whatever
# else the machine is doing takes from both alike.
#
# Usage: mgmt_status_bench.sh KIOSK_BIN [SECONDS] [CONNECTIONS]
set -euo pipefail
kiosk=${1:?usage: mgmt_status_bench.sh KIOSK_BIN [SECONDS] [CONNECTIONS]}
seconds=${2:-10}
connections=${3:-8}  # under the per-client connection cap (16)
for tool in wrk nginx openssl curl python3; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] ||
    { echo "mgmt_status_bench: $tool is not installed (scripts/install-deps --bench installs it)" >&2; exit 1; }
done
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d)
# nginx's workers drop root for its default user (nobody): they must be able to read the JSON (and the
# certificate's directory), or every answer is a 403 and an error-log line.
chmod 755 "$work"
kiosk_pid=""
nginx_pid=""
cleanup() {
  [ -n "$kiosk_pid" ] && kill "$kiosk_pid" 2>/dev/null && wait "$kiosk_pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The kiosk, with its demo certificates, on a free port.
mkfifo "$work/kiosk-out"
SDL_VIDEODRIVER=offscreen "$kiosk" --demo --demo-dir "$work/demo" --mgmt-port 0 --size 1280x800 \
  >"$work/kiosk-out" 2>"$work/kiosk-err" &
kiosk_pid=$!
url="" token=""
exec 7<"$work/kiosk-out"
while read -r -t 60 key value <&7; do
  case "$key" in
    mgmt) url=$value ;;
    mgmt-operator-token) token=$value ;;
  esac
  [ -n "$url" ] && [ -n "$token" ] && break
done
[ -n "$url" ] && [ -n "$token" ] || { echo "mgmt_status_bench: the kiosk did not print its URL and token" >&2; exit 1; }
# Keep reading its stdout so that it never blocks on a full pipe.
cat <&7 >/dev/null &
auth="Authorization: Bearer $token"
curl -sk -H "$auth" "$url/api/v1/status" >"$work/status.json"
[ -s "$work/status.json" ] || { echo "mgmt_status_bench: /api/v1/status answered nothing" >&2; exit 1; }

# nginx: the same JSON, the same kind of certificate, TLS 1.2/1.3 only.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=127.0.0.1 -days 1 \
  -keyout "$work/nginx.key" -out "$work/nginx.crt" 2>/dev/null
nginx_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
run_nginx() {  # $1: worker_processes
  cat >"$work/nginx.conf" <<EOF
worker_processes $1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$nginx_port ssl;
    ssl_certificate $work/nginx.crt;
    ssl_certificate_key $work/nginx.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    keepalive_requests 100000;
    location = /api/v1/status { default_type application/json; alias $work/status.json; }
  }
}
EOF
  nice -n 10 "$nginx_bin" -c "$work/nginx.conf" -p "$work" 2>>"$work/nginx-error.log" &
  nginx_pid=$!
  local started=""
  for _ in $(seq 50); do curl -sk "https://127.0.0.1:$nginx_port/api/v1/status" >/dev/null 2>&1 && { started=1; break; }; sleep 0.1; done
  [ -n "$started" ] || { echo "mgmt_status_bench: nginx did not start: $(cat "$work/nginx-error.log")" >&2; exit 1; }
  # The same JSON, byte for byte, with a 200: anything else (a 403 when the worker cannot read the
  # file) is not the comparison this benchmark makes.
  local code
  code=$(curl -sk -H "$auth" -o "$work/nginx-status.json" -w '%{http_code}' "https://127.0.0.1:$nginx_port/api/v1/status")
  [ "$code" = 200 ] && cmp -s "$work/status.json" "$work/nginx-status.json" ||
    { echo "mgmt_status_bench: nginx answered $code, not the kiosk's JSON: $(cat "$work/nginx-error.log")" >&2; exit 1; }
  [ -z "$(non_2xx "https://127.0.0.1:$nginx_port/api/v1/status")" ] ||
    { echo "mgmt_status_bench: nginx answered non-2xx under wrk" >&2; exit 1; }
}
stop_nginx() { kill "$nginx_pid"; wait "$nginx_pid" 2>/dev/null || true; nginx_pid=""; }

rps() {  # $1: URL; prints requests/s
  wrk -t1 -c"$connections" -d"${seconds}s" -H "$auth" "$1" | awk '/^Requests\/sec:/ { print $2 }'
}
non_2xx() { wrk -t1 -c4 -d1s -H "$auth" "$1" | awk '/Non-2xx/ { print $NF }'; }

[ -z "$(non_2xx "$url/api/v1/status")" ] || { echo "mgmt_status_bench: the kiosk answered non-2xx under wrk" >&2; exit 1; }
kiosk_rps=$(rps "$url/api/v1/status")
run_nginx 1
nginx1_rps=$(rps "https://127.0.0.1:$nginx_port/api/v1/status")
stop_nginx
run_nginx auto
nginx_auto_rps=$(rps "https://127.0.0.1:$nginx_port/api/v1/status")
stop_nginx

printf 'GET /api/v1/status over TLS, wrk -t1 -c%s -d%ss, %s bytes of JSON\n' "$connections" "$seconds" "$(wc -c <"$work/status.json")"
printf '%-28s %12s %10s\n' server requests_per_s ratio
printf '%-28s %12.0f %10s\n' "kiosk (1 server thread)" "$kiosk_rps" "-"
printf '%-28s %12.0f %10.2f\n' "nginx worker_processes 1" "$nginx1_rps" "$(awk -v a="$kiosk_rps" -v b="$nginx1_rps" 'BEGIN { print a / b }')"
printf '%-28s %12.0f %10.2f\n' "nginx worker_processes auto" "$nginx_auto_rps" "$(awk -v a="$kiosk_rps" -v b="$nginx_auto_rps" 'BEGIN { print a / b }')"
echo "budget: kiosk/nginx >= 0.70 (DESIGN.md)"
