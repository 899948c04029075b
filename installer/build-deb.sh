#!/usr/bin/env bash
# Build the Debian package from the frozen bundle (run installer/build.sh first):
# dist/inspection-workstation_VERSION_ARCH.deb with the bundle under /opt, a launcher in
# /usr/bin, a desktop entry and an icon, and Depends on the system libraries of Qt's xcb
# platform plugin (installer/README.md). Usage: installer/build-deb.sh [BUNDLE_DIR] [OUT_DIR]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
BUNDLE="${1:-$ROOT/dist/inspection-workstation}"
OUT="${2:-$ROOT/dist}"
NAME=inspection-workstation
if [ ! -x "$BUNDLE/$NAME" ]; then
    echo "build-deb: no bundle at $BUNDLE (run installer/build.sh first)" >&2
    exit 2
fi
command -v dpkg-deb >/dev/null || { echo "build-deb: dpkg-deb is not installed" >&2; exit 2; }
VERSION="$("$BUNDLE/$NAME" --version | awk '{print $2}')"
ARCH="$(dpkg --print-architecture 2>/dev/null || echo amd64)"
# The system libraries Qt's xcb platform plugin loads (installer/README.md), plus the C
# library the bundle was built against (Debian 12's glibc).
DEPENDS="libc6 (>= 2.36), libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-image0, \
libxcb-render-util0, libxcb-xkb1, libxkbcommon-x11-0, libxcb-randr0, libxcb-shape0, \
libxcb-xinerama0, libegl1, libgl1, libfontconfig1, libdbus-1-3"

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
    "$STAGE/usr/share/icons/hicolor/scalable/apps" "$STAGE/usr/share/doc/$NAME"
cp -a "$BUNDLE" "$STAGE/opt/$NAME"
install -m 0755 "$HERE/launcher.sh" "$STAGE/usr/bin/$NAME"
install -m 0644 "$HERE/$NAME.desktop" "$STAGE/usr/share/applications/$NAME.desktop"
install -m 0644 "$HERE/$NAME.svg" "$STAGE/usr/share/icons/hicolor/scalable/apps/$NAME.svg"
install -m 0644 "$HERE/README.md" "$STAGE/usr/share/doc/$NAME/README.md"
chmod -R u=rwX,go=rX "$STAGE/opt" "$STAGE/usr"
SIZE_KB="$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)"
cat > "$STAGE/DEBIAN/control" <<CONTROL
Package: $NAME
Version: $VERSION
Section: misc
Priority: optional
Architecture: $ARCH
Maintainer: Inspection Workstation developers <inspection-workstation@localhost>
Installed-Size: $SIZE_KB
Depends: $DEPENDS
Description: Open desktop workstation for customs inspection lanes
 Referrals, x-ray scans, handheld instruments, lane cameras, ONNX models and
 control results at one inspection lane. Frozen application under
 /opt/$NAME; per-user data in the user's data folder, lane configuration in
 /etc/$NAME/lane.toml when present.
CONTROL
mkdir -p "$OUT"
DEB="$OUT/${NAME}_${VERSION}_${ARCH}.deb"
# gzip: every dpkg reads it, and it packs 400 MB in a fraction of xz's time on a lane PC.
dpkg-deb --root-owner-group -Zgzip -z6 --build "$STAGE" "$DEB" >/dev/null
echo "package: $DEB ($(du -h "$DEB" | cut -f1)), installed size ${SIZE_KB} KB"
