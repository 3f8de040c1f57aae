#!/usr/bin/env bash
# Installs a built slumpwatch .deb the way a person would (apt-get install ./FILE.deb), checks
# what it installed (the command, its own runtime, the demo, the menu entry, the icons, the
# autostart entry and the user unit it writes), upgrades it to a higher version, removes and
# purges it, and checks that the wearer's data and settings came through untouched. Leaves
# the package uninstalled. Run as root on a Debian or Ubuntu machine without slumpwatch
# installed (CI runs it after packaging/linux/build.sh):
#
#   packaging/linux/check-install.sh target/packages/slumpwatch_VERSION_ARCH.deb
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
fail() {
  echo "check-install.sh: FAILED: $*" >&2
  exit 1
}
[ $# = 1 ] || { echo "usage: check-install.sh FILE.deb" >&2; exit 2; }
deb="$(readlink -f "$1")"
[ -f "$deb" ] || fail "no such package: $1"
[ "$(id -u)" = 0 ] || fail "run as root: it installs and removes the package"
for tool in apt-get dpkg-deb desktop-file-validate systemd-analyze; do
  command -v "$tool" >/dev/null || fail "$tool is missing (Debian: apt-get install apt" \
    "dpkg-dev desktop-file-utils systemd)"
done
if dpkg-query -W -f='${Status}' slumpwatch 2>/dev/null | grep -q installed; then
  fail "slumpwatch is installed already; this check installs and removes it, so remove it" \
    "first (apt-get remove slumpwatch)"
fi

tmp="$(mktemp -d)"
cleanup() {
  if dpkg-query -W -f='${Status}' slumpwatch 2>/dev/null | grep -q installed; then
    echo "check-install.sh: purging the package it installed" >&2
    apt-get purge -y -qq slumpwatch >/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
t0=$SECONDS
export DEBIAN_FRONTEND=noninteractive

echo "1/7 apt-get install $deb"
apt-get install -y -q "$deb" | grep -E "^(The following NEW|  |Setting up)" || true
version="$(dpkg-query -W -f='${Version}' slumpwatch)"
echo "   installed slumpwatch $version: $(dpkg-query -W -f='${Installed-Size}' slumpwatch) kB"

echo "2/7 the command, on its own runtime"
[ "$(command -v slumpwatch)" = /usr/bin/slumpwatch ] \
  || fail "slumpwatch on the PATH is '$(command -v slumpwatch)', not /usr/bin/slumpwatch"
# no PATH, no JAVA_HOME: the launcher finds its runtime by itself
env -i /usr/bin/slumpwatch --version > "$tmp/version.txt" \
  || fail "/usr/bin/slumpwatch --version failed in an empty environment"
cat "$tmp/version.txt"
grep -q "^slumpwatch [0-9]" "$tmp/version.txt" || fail "--version printed no version"
[ -x /usr/lib/slumpwatch/runtime/bin/java ] || fail "no runtime in /usr/lib/slumpwatch/runtime"

echo "3/7 slumpwatch demo --data-dir $tmp/data"
slumpwatch demo --data-dir "$tmp/data" > "$tmp/demo.txt" 2>&1 \
  || { tail -n 20 "$tmp/demo.txt"; fail "the installed demo failed"; }
tail -n 4 "$tmp/demo.txt"
[ -s "$tmp/data/demo/slumpwatch-demo.db" ] || fail "the demo wrote no database"
ls "$tmp"/data/demo/daily-*.png >/dev/null || fail "the demo drew no daily chart"
ls "$tmp"/data/demo/reports/day-*.html >/dev/null || fail "the demo wrote no report page"

echo "4/7 the menu entry and the icons"
entry=/usr/share/applications/slumpwatch.desktop
desktop-file-validate "$entry" || fail "desktop-file-validate refuses $entry"
grep -qx "Exec=slumpwatch app" "$entry" || fail "$entry does not run 'slumpwatch app'"
for icon in 16x16 32x32 48x48 64x64 128x128 256x256; do
  [ -s "/usr/share/icons/hicolor/$icon/apps/slumpwatch.png" ] || fail "no $icon icon"
done
[ -s /usr/share/icons/hicolor/scalable/apps/slumpwatch.svg ] || fail "no scalable icon"

echo "5/7 autostart entry, user unit (as the installed program writes them), Pi unit"
cfg="$tmp/config"
mkdir -p "$tmp/run" && chmod 700 "$tmp/run"
XDG_CONFIG_HOME="$cfg" slumpwatch autostart on || fail "slumpwatch autostart on failed"
desktop-file-validate "$cfg/autostart/slumpwatch.desktop" || fail "the autostart entry is refused"
grep -qx "Exec=/usr/bin/slumpwatch app" "$cfg/autostart/slumpwatch.desktop" \
  || fail "the autostart entry does not run /usr/bin/slumpwatch app"
# no session bus here (a private runtime directory): enabled on the files, start left to do
XDG_CONFIG_HOME="$cfg" XDG_RUNTIME_DIR="$tmp/run" \
  slumpwatch --data-dir "$tmp/data" service install --port /dev/ttyS0 --no-start \
  || fail "slumpwatch service install failed"
unit="$cfg/systemd/user/slumpwatch.service"
grep -q "^ExecStart=/usr/bin/slumpwatch --data-dir $tmp/data run --port /dev/ttyS0$" "$unit" \
  || fail "$unit does not run /usr/bin/slumpwatch ... run --port /dev/ttyS0"
[ -L "$cfg/systemd/user/default.target.wants/slumpwatch.service" ] || fail "not enabled"
XDG_RUNTIME_DIR="$tmp/run" systemd-analyze verify --user "$unit" \
  || fail "systemd-analyze verify --user refuses $unit"
echo "   systemd-analyze verify --user $unit: ok"
pi_unit="$here/../raspberry-pi/slumpwatch.service"
if [ -f "$pi_unit" ]; then
  systemd-analyze verify "$pi_unit" || fail "systemd-analyze verify refuses $pi_unit"
  echo "   systemd-analyze verify $pi_unit: ok"
fi

echo "6/7 upgrade to a higher version keeps the wearer's data and settings"
home="$tmp/home"
mkdir -p "$home"
# the default place, ~/.local/share/slumpwatch, as a wearer has it, in a home of its own:
# Java takes user.home from the password database, not from $HOME, so it is set for the JVM
as_wearer() {
  env -u XDG_DATA_HOME HOME="$home" JAVA_TOOL_OPTIONS="-Duser.home=$home" "$@" 2>&1 \
    | grep -v "^Picked up JAVA_TOOL_OPTIONS"
}
as_wearer slumpwatch demo --max > /dev/null
[ -s "$home/.local/share/slumpwatch/demo/slumpwatch-demo.db" ] \
  || fail "the demo wrote nothing to $home/.local/share/slumpwatch"
printf 'slump.thresholdDeg = 22\n' > "$home/.local/share/slumpwatch/settings.properties"
# the whole output first: 'grep -q' leaves at the first match, and under pipefail the
# writers then dying of SIGPIPE would fail the check
in_force=$(as_wearer slumpwatch settings)
grep -q "slump.thresholdDeg.*22" <<< "$in_force" \
  || fail "the settings written for the check are not in force: $in_force"
sums() {
  (cd "$home/.local/share/slumpwatch" && find . -type f -print0 | sort -z \
    | xargs -0 sha256sum)
}
sums > "$tmp/sums.before"
[ -s "$tmp/sums.before" ] || fail "no data in $home/.local/share/slumpwatch to check"
dpkg-deb -R "$deb" "$tmp/upgrade"
sed -i "s/^Version: .*/Version: $version.1/" "$tmp/upgrade/DEBIAN/control"
dpkg-deb --root-owner-group -Znone -b "$tmp/upgrade" "$tmp/upgrade.deb" > /dev/null
rm -rf "$tmp/upgrade"
apt-get install -y -q "$tmp/upgrade.deb" | grep -E "^(Preparing|Unpacking|Setting up)" || true
[ "$(dpkg-query -W -f='${Version}' slumpwatch)" = "$version.1" ] || fail "no upgrade happened"
slumpwatch --version > /dev/null || fail "the upgraded program does not start"
sums | diff "$tmp/sums.before" - || fail "the upgrade changed the data above"
echo "   $version -> $version.1: $(wc -l < "$tmp/sums.before") files in ~/.local/share/slumpwatch unchanged"

echo "7/7 apt-get remove, then purge: the program goes, the data stays"
apt-get remove -y -q slumpwatch | grep -E "^Removing" || true
for gone in /usr/bin/slumpwatch /usr/lib/slumpwatch "$entry" \
    /usr/share/icons/hicolor/48x48/apps/slumpwatch.png; do
  [ ! -e "$gone" ] || fail "$gone is still there after apt-get remove"
done
sums | diff "$tmp/sums.before" - || fail "removing the package changed the data above"
apt-get purge -y -q slumpwatch > /dev/null
sums | diff "$tmp/sums.before" - || fail "purging the package changed the data above"
echo "   removed and purged; ~/.local/share/slumpwatch unchanged"
echo "check-install.sh: ok ($((SECONDS - t0)) s)"
