#!/usr/bin/env bash
# package_check.sh BUILD_DIR: builds the Debian packages from BUILD_DIR (CPack) into a directory of its
# own and checks them: the three packages exist, lintian finds no error in any, and the kiosk's package
# holds what the appliance needs (the program, its fonts, the unit, sysusers.d, tmpfiles.d, udev rules,
# the configuration marked as a conffile) and nothing of the tests (no TEST-ONLY key outside the tools).
set -euo pipefail
build=${1:?usage: package_check.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
for tool in cpack lintian dpkg-deb; do
  command -v "$tool" > /dev/null || { echo "package_check: $tool is missing (scripts/install-deps)" >&2; exit 2; }
done
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$here/../../scripts/package" "$build" "$out" > "$out/cpack.log" 2>&1 || { cat "$out/cpack.log" >&2; exit 1; }

fail() { echo "package_check: $*" >&2; exit 1; }
deb() { ls "$out"/"$1"_*.deb 2> /dev/null | head -1; }
kiosk=$(deb ktp-kiosk)
ctl=$(deb ktp-kioskctl)
tools=$(deb ktp-kiosk-tools)
[ -n "$kiosk" ] && [ -n "$ctl" ] && [ -n "$tools" ] || fail "expected ktp-kiosk, ktp-kioskctl and ktp-kiosk-tools; got: $(ls "$out")"

# Each listing is read whole before it is searched: `grep -q` stops reading at its first match, and
# under pipefail the writer's SIGPIPE would fail a check that holds.
contents() { dpkg-deb -c "$1" | awk '{ print $6 }' | sed 's|^\./|/|'; }
need() { grep -qx -- "$2" <<< "$(contents "$1")" || fail "$(basename "$1") lacks $2"; }
member() { dpkg-deb --fsys-tarfile "$1" | tar -xO "$2"; }
for path in /usr/bin/kiosk /usr/share/ktp-kiosk/fonts/NotoSans-Regular.ttf /usr/share/ktp-kiosk/fonts/NotoSans-Bold.ttf \
    /lib/systemd/system/ktp-kiosk.service /usr/lib/sysusers.d/ktp-kiosk.conf /usr/lib/tmpfiles.d/ktp-kiosk.conf \
    /lib/udev/rules.d/60-ktp-kiosk.rules /etc/ktp-kiosk/kiosk.toml /usr/share/doc/ktp-kiosk/copyright; do
  need "$kiosk" "$path"
done
need "$ctl" /usr/bin/kioskctl
for path in /usr/bin/kiosk-sim-fingerprint /usr/bin/kiosk-sim-dispenser /usr/bin/kiosk-sim-card \
    /usr/share/ktp-kiosk/demo/TEST-ONLY-issuer.key.pem; do
  need "$tools" "$path"
done
for package in "$kiosk" "$ctl"; do
  if grep -q 'TEST-ONLY' <<< "$(contents "$package")"; then fail "$(basename "$package") carries a TEST-ONLY file"; fi
done
grep -qx /etc/ktp-kiosk/kiosk.toml <<< "$(dpkg-deb --ctrl-tarfile "$kiosk" | tar -xO ./conffiles)" ||
  fail "ktp-kiosk does not mark /etc/ktp-kiosk/kiosk.toml as a conffile"
grep -q '^Depends:.*pcscd' <<< "$(dpkg-deb -f "$kiosk")" || fail "ktp-kiosk does not depend on pcscd"
# The installed configuration names the udev links, and the rules make them.
grep -qx 'device = "/dev/ktp-fingerprint"' <<< "$(member "$kiosk" ./etc/ktp-kiosk/kiosk.toml)" ||
  fail "the installed kiosk.toml does not name /dev/ktp-fingerprint"
grep -q 'SYMLINK+="ktp-dispenser"' <<< "$(member "$kiosk" ./lib/udev/rules.d/60-ktp-kiosk.rules)" ||
  fail "the udev rules do not make /dev/ktp-dispenser"

# lintian: no error; warnings are printed for the reader.
lintian --fail-on error --no-tag-display-limit "$kiosk" "$ctl" "$tools" || fail "lintian found errors"
ls -l "$out"/*.deb | awk '{ print "package_check: ok", $5, "bytes", $9 }'
