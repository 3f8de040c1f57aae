#!/usr/bin/env bash
# Builds slumpwatch's Linux packages from the shaded jar, with the JDK's own tools:
#   target/packages/slumpwatch_VERSION-RELEASE_ARCH.deb      Debian/Ubuntu package
#   target/packages/slumpwatch-VERSION-linux-ARCH.tar.gz     app image for other distributions
# Both carry a Java runtime cut down by jlink to the modules the jar needs (found by
# jdeps), jpackage's native launcher, the desktop entry and the icon. See docs/packaging.md.
#
#   packaging/linux/build.sh [--jar FILE] [--out DIR] [--release N] [--no-deb] [--no-tarball]
#
# Needs a JDK 17 or newer with jpackage (JAVA_HOME, else the javac on the PATH),
# rsvg-convert (librsvg2-bin) for the icon's PNG sizes, and for the .deb dpkg-deb and
# fakeroot (dpkg-dev, fakeroot). Run from anywhere; builds the jar first if it is missing.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

# What the package says about itself (debian/control, the app image's metadata)
name=slumpwatch
vendor="slumpwatch developers"
maintainer_email="dev@slumpwatch.invalid"
summary="posture monitor: slump alerts from a back-worn IMU sensor"
copyright="Copyright the slumpwatch developers. GPL-3.0-or-later."
section=utils
main_class=dev.slumpwatch.cli.Main
# the same heap as ./slumpwatch, and the collector settings it gives the desktop app (short
# pauses, no full collection for class metadata at start-up): the package has one launcher,
# and the menu entry runs the app through it
java_options="-Xms96m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=10 -XX:MetaspaceSize=64m"
# Modules that jdeps cannot see because they are found at run time as services:
# jdk.crypto.ec gives TLS its elliptic-curve key exchange (the clinic's PostgreSQL server,
# 'slumpwatch sync'); Java 17 keeps it out of java.base.
service_modules=jdk.crypto.ec

jar="$root/target/slumpwatch.jar"
out="$root/target/packages"
release=1
deb=yes
tarball=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --release) release="$2"; shift 2 ;;
    --no-deb) deb=no; shift ;;
    --no-tarball) tarball=no; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "build.sh: unknown option '$1' (--jar FILE, --out DIR, --release N, --no-deb," \
         "--no-tarball)" >&2
       exit 2 ;;
  esac
done

fail() {
  echo "build.sh: $*" >&2
  exit 1
}

# The JDK: JAVA_HOME if it has jpackage, else the one the javac on the PATH belongs to
jdk="${JAVA_HOME:-}"
if [ -z "$jdk" ] || [ ! -x "$jdk/bin/jpackage" ]; then
  javac_path="$(command -v javac || true)"
  [ -n "$javac_path" ] || fail "no JDK: set JAVA_HOME to a JDK 17 or newer (with jpackage)"
  jdk="$(dirname "$(dirname "$(readlink -f "$javac_path")")")"
fi
for tool in java jdeps jlink jpackage; do
  [ -x "$jdk/bin/$tool" ] || fail "$jdk/bin/$tool is missing: jpackage and jlink come with" \
    "a full JDK 17 or newer (Debian: openjdk-17-jdk)"
done
jdk_version="$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 \
  | sed -n 's/^ *java.specification.version = //p')"
[ "${jdk_version%%.*}" -ge 17 ] 2>/dev/null || fail "$jdk is Java $jdk_version; 17 or newer needed"
command -v rsvg-convert >/dev/null \
  || fail "rsvg-convert is missing: it renders the icon's PNG sizes (Debian: apt-get install librsvg2-bin)"
if [ "$deb" = yes ]; then
  for tool in dpkg-deb fakeroot; do
    command -v "$tool" >/dev/null || fail "$tool is missing: jpackage needs it for a .deb" \
      "(Debian: apt-get install dpkg-dev fakeroot), or build with --no-deb"
  done
fi
arch="$(dpkg --print-architecture 2>/dev/null || uname -m)"
case "$arch" in
  x86_64) arch=amd64 ;;
  aarch64) arch=arm64 ;;
esac

t0=$SECONDS
step_start=$SECONDS
step() {
  local now=$SECONDS
  [ -n "${step_name:-}" ] && printf '   (%s: %d s)\n' "$step_name" $((now - step_start))
  step_name="$1"
  step_start=$now
  echo "== $1"
}

step "jar"
if [ ! -f "$jar" ]; then
  echo "   $jar is missing: building it (./mvnw -DskipTests package)"
  (cd "$root" && ./mvnw -q -B -DskipTests package) || fail "the build failed"
fi
# the version the jar itself reports: what is packaged is what is versioned
version_line="$("$jdk/bin/java" -jar "$jar" --version | head -n 1)"
app_version="${version_line#slumpwatch }"
case "$app_version" in
  [0-9]*) ;;
  *) fail "$jar says '$version_line' to --version; expected 'slumpwatch X.Y.Z'" ;;
esac
# Debian orders 0.1.0~snapshot before 0.1.0, as Maven orders 0.1.0-SNAPSHOT
pkg_version="$(echo "$app_version" | sed 's/-SNAPSHOT$/~snapshot/; s/-/~/g')"
echo "   $jar: slumpwatch $app_version; package version $pkg_version-$release ($arch)"

work="$root/target/packaging"
rm -rf "$work"
mkdir -p "$work/input" "$out"
"$jdk/bin/java" "$here/SlimJar.java" "$jar" "$work/input/slumpwatch.jar" "$arch"

step "modules (jdeps)"
found="$("$jdk/bin/jdeps" --multi-release 17 --ignore-missing-deps --print-module-deps \
  "$work/input/slumpwatch.jar")"
[ -n "$found" ] || fail "jdeps found no modules in $work/input/slumpwatch.jar"
modules="$found,$service_modules"
echo "   $modules"

step "runtime (jlink)"
# --generate-cds-archive: the class-data sharing archive that shortens every start; the
# archive for heaps over 32 GB is dropped (the launcher sets -Xmx512m)
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --generate-cds-archive --output "$work/runtime"
rm -f "$work/runtime/lib/server/classes_nocoops.jsa"
"$work/runtime/bin/java" --list-modules | sed 's/@.*//' | tr '\n' ' ' > "$work/modules.txt"
echo "   $(du -sh "$work/runtime" | cut -f1): $(cat "$work/modules.txt")"

step "icons (rsvg-convert)"
icons="$work/share/icons/hicolor"
for size in 16 22 24 32 48 64 128 256 512; do
  mkdir -p "$icons/${size}x${size}/apps"
  rsvg-convert -w "$size" -h "$size" "$here/slumpwatch.svg" \
    -o "$icons/${size}x${size}/apps/slumpwatch.png"
done
mkdir -p "$icons/scalable/apps" "$work/share/applications"
cp "$here/slumpwatch.svg" "$icons/scalable/apps/slumpwatch.svg"
cp "$here/slumpwatch.desktop" "$work/share/applications/slumpwatch.desktop"

# the options both jpackage runs share
common=(--name "$name" --app-version "$pkg_version" --vendor "$vendor"
  --copyright "$copyright" --description "$summary"
  --input "$work/input" --main-jar slumpwatch.jar --main-class "$main_class"
  --runtime-image "$work/runtime")
for option in $java_options; do
  common+=(--java-options "$option") # one each: jpackage passes each value as one argument
done

if [ "$tarball" = yes ]; then
  step "app image and tarball (jpackage --type app-image)"
  "$jdk/bin/jpackage" --type app-image "${common[@]}" --dest "$work/image" \
    --icon "$icons/256x256/apps/slumpwatch.png"
  image="$work/image/$name"
  cp -r "$work/share" "$image/share"
  mkdir -p "$image/share/doc/slumpwatch"
  cp "$here/deb/copyright" "$image/share/doc/slumpwatch/copyright"
  cp "$here/README.app-image" "$image/README"
  tarball_file="$out/$name-$pkg_version-linux-$arch.tar.gz"
  tar --owner=0 --group=0 --numeric-owner -C "$work/image" -czf "$tarball_file" "$name"
  echo "   $tarball_file: $(du -h "$tarball_file" | cut -f1)"
fi

if [ "$deb" = yes ]; then
  step "package (jpackage --type deb)"
  # jpackage lays the program out under /usr (/usr/bin/slumpwatch, /usr/lib/slumpwatch) and
  # computes the library dependencies; it cannot place files outside that tree, so the
  # desktop entry and the icons are added to the package right after (built uncompressed
  # first). No --icon here: with one, jpackage 17 installs its own menu entry from the
  # maintainer scripts with xdg-desktop-menu, which fails where /etc/xdg/menus is missing.
  DPKG_DEB_COMPRESSOR_TYPE=none "$jdk/bin/jpackage" --type deb "${common[@]}" \
    --install-dir /usr --resource-dir "$here/deb" --linux-package-name "$name" \
    --linux-deb-maintainer "$maintainer_email" --linux-app-release "$release" \
    --linux-app-category "$section" --dest "$work/deb"
  step "package: desktop entry, icons, compression (dpkg-deb)"
  built="$(ls "$work"/deb/*.deb)"
  tree="$work/deb-tree"
  dpkg-deb -R "$built" "$tree"
  cp -r "$work/share/applications" "$work/share/icons" "$tree/usr/share/"
  # without --icon jpackage still puts its default (Duke) icon beside the launcher; unused
  rm -f "$tree/usr/lib/$name/$name.png"
  if grep -q xdg- "$tree"/DEBIAN/p* 2>/dev/null; then
    fail "jpackage's maintainer scripts call xdg-utils; the package's menu entry is a file"
  fi
  installed_kb="$(du -sk --exclude=DEBIAN "$tree" | cut -f1)"
  sed -i "s/^Installed-Size: .*/Installed-Size: $installed_kb/" "$tree/DEBIAN/control"
  (cd "$tree" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z \
    | xargs -0 md5sum > DEBIAN/md5sums)
  deb_file="$out/${name}_${pkg_version}-${release}_${arch}.deb"
  dpkg-deb --root-owner-group -Zxz -b "$tree" "$deb_file" >/dev/null
  echo "   $deb_file: $(du -h "$deb_file" | cut -f1), installed $((installed_kb / 1024)) MB"
fi
step "done"
echo "   runtime modules: $(cat "$work/modules.txt")"
echo "   total: $((SECONDS - t0)) s"
