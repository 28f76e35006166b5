#!/usr/bin/env bash
# mgmt_import_bench: PUT /api/v1/records with RECORDS NDJSON records over HTTPS (mutual TLS, the
# central listener) while `kiosk --demo` renders under Xvfb with a key pressed every 100 ms, and
# print against DESIGN.md's budgets:
#   - the import rate (records/s), and its ratio to sqlite3's own `.import` of the same records
#     (as CSV into a table of the same columns with the NIK as primary key; budget: within 1.5x);
#   - the kiosk's RSS before, at most during, and the growth (memory must stay bounded at any size);
#   - input-to-frame during the import, from the kiosk's own histogram (kiosk_input_to_frame_seconds
#     on /metrics, taken before and after so only the import's presses count): the p99 as the upper
#     bound of the bucket it falls in (budget: <= 16.7 ms).
#
# Usage: mgmt_import_bench.sh KIOSK_BIN [RECORDS]      (default 1,000,000)
set -euo pipefail
kiosk=${1:?usage: mgmt_import_bench.sh KIOSK_BIN [RECORDS]}
records=${2:-1000000}
for tool in Xvfb xdotool curl sqlite3 python3; do
  command -v "$tool" >/dev/null || { echo "mgmt_import_bench: $tool is not installed" >&2; exit 1; }
done

work=$(mktemp -d)
xvfb_pid="" kiosk_pid="" keys_pid="" sampler_pid=""
cleanup() {
  for pid in "$keys_pid" "$sampler_pid" "$kiosk_pid" "$xvfb_pid"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

# The same records as NDJSON (for the kiosk) and CSV (for sqlite3), synthetic and valid.
python3 - "$records" "$work/records.ndjson" "$work/records.csv" <<'EOF'
import sys
n, ndjson_path, csv_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
statuses = ["PRINT_READY_RECORD", "PRINTED", "PICKED_UP"]
with open(ndjson_path, "w") as nd, open(csv_path, "w") as csv:
    for i in range(n):
        # 16 digits, all distinct: region 317101, a valid birth date DDMMYY, a serial 0001-9999.
        serial = 1 + i % 9999
        k = i // 9999
        day, month, year = 1 + k % 28, 1 + (k // 28) % 12, 80 + (k // 336) % 20
        nik = f"317101{day:02d}{month:02d}{year:02d}{serial:04d}"
        status = statuses[i % 3]
        queue = (i % 500) + 1
        name = f"Penduduk Sintetis {i}"
        nd.write('{"nik":"%s","name":"%s","status":"%s","status_time":%d,"queue_position":%d,"office_blank_stock":120}\n'
                 % (nik, name, status, 1700000000 + i, queue))
        csv.write('%s,%s,%s,%d,%d,120\n' % (nik, name, status, 1700000000 + i, queue))
EOF
unique=$(cut -d, -f1 "$work/records.csv" | sort -u | wc -l)

# sqlite3's own .import of the same rows, with the same durability (WAL, synchronous=FULL).
sqlite_start=$(date +%s%N)
sqlite3 "$work/anchor.db" <<EOF
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
CREATE TABLE records (nik TEXT PRIMARY KEY, name TEXT NOT NULL, status TEXT NOT NULL, status_time INTEGER NOT NULL,
                      queue_position INTEGER, office_blank_stock INTEGER) WITHOUT ROWID;
.mode csv
.import $work/records.csv records
EOF
sqlite_ms=$(( ($(date +%s%N) - sqlite_start) / 1000000 ))

# Xvfb and the kiosk.
mkfifo "$work/display"
Xvfb -displayfd 6 -screen 0 1280x800x24 -nolisten tcp 6>"$work/display" 2>/dev/null &
xvfb_pid=$!
read -r -t 15 number <"$work/display" || { echo "mgmt_import_bench: Xvfb did not start" >&2; exit 1; }
export DISPLAY=":$number"
unset SDL_VIDEODRIVER
mkfifo "$work/kiosk-out"
"$kiosk" --demo --demo-dir "$work/demo" --mgmt-port 0 --mgmt-central-port 0 --size 1280x800 \
  >"$work/kiosk-out" 2>"$work/kiosk-err" &
kiosk_pid=$!
url="" token="" central_url="" cert="" key_file="" ca=""
exec 7<"$work/kiosk-out"
while read -r -t 60 key value <&7; do
  case "$key" in
    mgmt) url=$value ;;
    mgmt-operator-token) token=$value ;;
    mgmt-central) central_url=$value ;;
    mgmt-central-cert) cert=$value ;;
    mgmt-central-key) key_file=$value ;;
    mgmt-ca) ca=$value ;;
  esac
  [ -n "$url" ] && [ -n "$token" ] && [ -n "$central_url" ] && [ -n "$cert" ] && [ -n "$key_file" ] && [ -n "$ca" ] && break
done
[ -n "$token" ] && [ -n "$central_url" ] || { echo "mgmt_import_bench: the kiosk did not print its management facts" >&2; exit 1; }
cat <&7 >/dev/null &
auth="Authorization: Bearer $token"
histogram() { curl -s --cacert "$ca" -H "$auth" "$url/metrics" | grep '^kiosk_input_to_frame_seconds_bucket'; }
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$kiosk_pid/status"; }

sleep 1
rss_before=$(rss_kib)
before=$(histogram)
# A key every 100 ms: a digit then BackSpace, so that every press changes the screen.
( while true; do xdotool key 5; sleep 0.1; xdotool key BackSpace; sleep 0.1; done ) >/dev/null 2>&1 &
keys_pid=$!
( max=0; while true; do r=$(rss_kib); [ "$r" -gt "$max" ] && max=$r && echo "$max" >"$work/rss-max"; sleep 0.2; done ) &
sampler_pid=$!

import_start=$(date +%s%N)
curl -s --fail-with-body --cacert "$ca" --cert "$cert" --key "$key_file" \
  -H "Content-Type: application/x-ndjson" -T "$work/records.ndjson" -X PUT "$central_url/api/v1/records" \
  >"$work/import-answer.json"
import_ms=$(( ($(date +%s%N) - import_start) / 1000000 ))
kill "$keys_pid" "$sampler_pid"; wait "$keys_pid" "$sampler_pid" 2>/dev/null || true
keys_pid="" sampler_pid=""
sleep 0.5
after=$(histogram)
rss_max=$(cat "$work/rss-max" 2>/dev/null || rss_kib)

printf '%s\n' "$before" >"$work/before"
printf '%s\n' "$after" >"$work/after"
python3 - "$work/before" "$work/after" "$work/import-answer.json" "$records" "$unique" "$import_ms" "$sqlite_ms" \
  "$rss_before" "$rss_max" <<'EOF'
import json, re, sys
before_path, after_path, answer_path = sys.argv[1:4]
records, unique, import_ms, sqlite_ms, rss_before, rss_max = map(int, sys.argv[4:10])
def buckets(path):
    out = {}
    for line in open(path):
        m = re.match(r'kiosk_input_to_frame_seconds_bucket\{.*le="([^"]+)".*\}\s+(\S+)', line)
        if m:
            out[float("inf") if m.group(1) == "+Inf" else float(m.group(1))] = float(m.group(2))
    return out
b, a = buckets(before_path), buckets(after_path)
answer = json.load(open(answer_path))
print(f"PUT /api/v1/records: {records:,} NDJSON lines ({unique:,} distinct NIKs) over HTTPS with mutual TLS")
print(f"  kiosk's answer: {json.dumps(answer)[:300]}")
print(f"  import      {import_ms/1000:8.2f} s   {records / (import_ms / 1000):10.0f} records/s")
print(f"  sqlite3     {sqlite_ms/1000:8.2f} s   {records / (sqlite_ms / 1000):10.0f} records/s   (.import of the same rows as CSV)")
print(f"  ratio       {import_ms / sqlite_ms:8.2f}x sqlite3's time   (budget: <= 1.5x)")
print(f"  kiosk RSS   {rss_before/1024:8.1f} MiB before, {rss_max/1024:.1f} MiB at most during, growth {(rss_max - rss_before)/1024:.1f} MiB")
if not a:
    print("  input-to-frame: the kiosk exports no kiosk_input_to_frame_seconds histogram")
    sys.exit(1)
delta = {le: a[le] - b.get(le, 0) for le in a}
total = delta[float("inf")]
if total <= 0:
    print("  input-to-frame: no key press reached a frame during the import")
    sys.exit(1)
p99_bound = next(le for le in sorted(delta) if delta[le] >= 0.99 * total)
p50_bound = next(le for le in sorted(delta) if delta[le] >= 0.50 * total)
fmt = lambda le: "+Inf" if le == float("inf") else f"{le*1000:.1f} ms"
print(f"  input-to-frame during the import: {int(total)} frames; p50 <= {fmt(p50_bound)}, p99 <= {fmt(p99_bound)}"
      f"   (budget: p99 <= 16.7 ms)")
EOF
