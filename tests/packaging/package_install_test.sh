#!/usr/bin/env bash
# package_install_test.sh BUILD_DIR: the packages from BUILD_DIR installed with `apt install ./*.deb` on
# a clean Debian 12 root filesystem made by mmdebstrap (root mode as root, unshare mode otherwise),
# and then, inside it:
#   - the kiosk's user is in the groups its devices need, its state directory is its own;
#   - the unit is enabled, and its configuration passes `kioskctl config check`;
#   - the kiosk starts: `kiosk --demo` as the kiosk's user, with SDL's offscreen display, shows its
#     first frame and exits 0 on SIGTERM.
# Debian's packages come from the machine's own apt mirror (the first .../debian URI of its sources).
set -euo pipefail
build=${1:?usage: package_install_test.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
command -v mmdebstrap > /dev/null || { echo "package_install_test: mmdebstrap is missing (scripts/install-deps)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$here/../../scripts/package" "$build" "$work/debs" > "$work/cpack.log" 2>&1 || { cat "$work/cpack.log" >&2; exit 1; }

mirror=$(sed -n 's/^URIs: *\(http[^ ]*\/debian\) *$/\1/p' /etc/apt/sources.list.d/*.sources 2> /dev/null | head -1)
[ -n "$mirror" ] || mirror=$(sed -n 's/^deb \(http[^ ]*\/debian\) .*/\1/p' /etc/apt/sources.list 2> /dev/null | head -1)
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
# The packages' dependencies come from the mirror: say so plainly when it cannot be reached.
if command -v curl > /dev/null && ! curl -sfI --max-time 20 "$mirror/dists/bookworm/Release" > /dev/null; then
  echo "package_install_test: cannot reach the Debian mirror $mirror, which this test installs Debian's packages from" >&2
  exit 1
fi
mode=unshare
[ "$(id -u)" -eq 0 ] && mode=root

cat > "$work/inside.sh" <<'INSIDE'
#!/bin/sh
# Runs inside the new root filesystem, after the packages were installed.
set -eu
fail() { echo "package_install_test: $*" >&2; exit 1; }
for group in dialout video render input; do
  id -nG ktp-kiosk | tr ' ' '\n' | grep -qx "$group" || fail "the ktp-kiosk user is not in group $group"
done
[ "$(stat -c %U:%a /var/lib/ktp-kiosk)" = "ktp-kiosk:750" ] || fail "/var/lib/ktp-kiosk is $(stat -c %U:%a /var/lib/ktp-kiosk)"
[ "$(systemctl is-enabled ktp-kiosk.service 2>&1)" = enabled ] || fail "ktp-kiosk.service is not enabled"
kioskctl config check /etc/ktp-kiosk/kiosk.toml || fail "the installed kiosk.toml does not pass kioskctl config check"
dpkg-query -W -f='${Conffiles}\n' ktp-kiosk | grep -q /etc/ktp-kiosk/kiosk.toml || fail "kiosk.toml is not a conffile"

# mmdebstrap's /dev/pts hands every new terminal to uid 5 (its devpts uid= option), and the demo's
# simulators open pseudo-terminals as the kiosk's user: a devpts of the usual kind over it.
mount -t devpts -o newinstance,gid=5,mode=620,ptmxmode=666 devpts /dev/pts
mount --bind /dev/pts/ptmx /dev/ptmx
trap 'umount /dev/ptmx; umount /dev/pts' EXIT

# The kiosk starts, as its own user: the first frame ("ready" on --trace), then SIGTERM and exit 0.
demo=$(su -s /bin/sh ktp-kiosk -c 'mktemp -d')
rmdir "$demo"
: > /tmp/kiosk.out
: > /tmp/kiosk.err
SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy HOME=/var/lib/ktp-kiosk \
  setpriv --reuid=ktp-kiosk --regid=ktp-kiosk --init-groups --inh-caps=-all \
  kiosk --demo --trace --demo-dir "$demo" --mgmt-port 0 > /tmp/kiosk.out 2> /tmp/kiosk.err &
pid=$!
i=0
until grep -q '^ready ' /tmp/kiosk.out; do
  i=$((i + 1))
  if [ "$i" -gt 600 ] || ! kill -0 "$pid" 2> /dev/null; then
    tail -n 20 /tmp/kiosk.out /tmp/kiosk.err >&2
    fail "the installed kiosk showed no first frame"
  fi
  sleep 0.1
done
echo "package_install_test: $(grep '^ready ' /tmp/kiosk.out | head -1)"
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
[ "$status" -eq 0 ] || { tail -n 20 /tmp/kiosk.err >&2; fail "the kiosk exited $status on SIGTERM"; }
echo "package_install_test: ok"
INSIDE
chmod 755 "$work/inside.sh"

start=$SECONDS
mmdebstrap --mode="$mode" --variant=apt --quiet \
  --customize-hook="copy-in $work/debs /tmp" \
  --customize-hook="copy-in $work/inside.sh /tmp" \
  --customize-hook='chroot "$1" sh -c "DEBIAN_FRONTEND=noninteractive cd /tmp/debs && apt install -y -qq --no-install-recommends ./*.deb > /tmp/apt.log 2>&1 || { tail -n 40 /tmp/apt.log; exit 1; }"' \
  --customize-hook='chroot "$1" /tmp/inside.sh' \
  bookworm /dev/null "deb $mirror bookworm main" "deb $mirror bookworm-updates main"
echo "package_install_test: mmdebstrap, install and start took $((SECONDS - start)) s"
