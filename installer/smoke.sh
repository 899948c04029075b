#!/usr/bin/env bash
# Smoke test of the installable product: build the frozen bundle and the .deb, install the
# .deb (into a scratch root with `dpkg -x`, or into this machine with SMOKE_INSTALL=system,
# which needs root and apt), then run from the installed files: --version, models verify,
# demo --vehicles 2 --faults, referrals import, backup and restore, and the GUI up to the
# login dialog (offscreen, and under Xvfb
# when xvfb-run is there), keeping a screenshot.
# Usage: installer/smoke.sh [ARTEFACT_DIR]   (default test-artifacts/smoke)
# SMOKE_SKIP_BUILD=1 reuses dist/ as it is.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
ART="$(mkdir -p "${1:-$ROOT/test-artifacts/smoke}" && cd "${1:-$ROOT/test-artifacts/smoke}" && pwd)"
NAME=inspection-workstation
step() { printf '\n== %s\n' "$*"; }
started=$SECONDS

if [ "${SMOKE_SKIP_BUILD:-0}" != 1 ]; then
    step "build the bundle"
    "$HERE/build.sh"
    step "build the package"
    "$HERE/build-deb.sh"
fi
DEB="$(ls -t "$ROOT"/dist/${NAME}_*.deb | head -1)"
echo "bundle: $(du -sh "$ROOT/dist/$NAME" | cut -f1), package: $DEB ($(du -h "$DEB" | cut -f1))"

SCRATCH="$(mktemp -d)"
trap 'rm -rf "$SCRATCH"' EXIT
if [ "${SMOKE_INSTALL:-scratch}" = system ]; then
    step "install into this machine"
    apt-get install -y "$DEB"
    PREFIX=""
else
    step "install into a scratch root ($SCRATCH/root)"
    dpkg -x "$DEB" "$SCRATCH/root"
    PREFIX="$SCRATCH/root"
fi
APP="$PREFIX/usr/bin/$NAME"
echo "installed size: $(du -sh "$PREFIX/opt/$NAME" | cut -f1)"
# Never the user's data: a data folder of its own.
export WORKSTATION_HOME="$SCRATCH/home"
unset WORKSTATION_CONFIG

step "--version";      "$APP" --version
step "models verify";  "$APP" models verify
step "demo --vehicles 2 --faults"
"$APP" demo --vehicles 2 --faults | tee "$ART/demo.txt" | tail -5
step "the GUI up to the login dialog"
printf 'smoke-admin-pass-1\n' | "$APP" users add smoke --role admin --password-stdin
step "referrals import, backup and restore (signed in as the administrator)"
"$APP" referrals generate 5 --out "$SCRATCH/referrals.json"
printf 'smoke-admin-pass-1\n' | "$APP" referrals import "$SCRATCH/referrals.json" \
    --user smoke --password-stdin
printf 'smoke-admin-pass-1\n' | "$APP" backup --out "$SCRATCH/backup" --user smoke --password-stdin
printf 'smoke-admin-pass-1\n' | "$APP" restore "$SCRATCH/backup" --user smoke --password-stdin
QT_QPA_PLATFORM=offscreen "$APP" -c "$(cat "$HERE/smoke_login.py")" "$ART/login-offscreen.png"
if command -v xvfb-run >/dev/null; then
    env -u QT_QPA_PLATFORM xvfb-run -a -s "-screen 0 1280x1024x24" \
        "$APP" -c "$(cat "$HERE/smoke_login.py")" "$ART/login-xvfb.png"
fi
if [ "${SMOKE_INSTALL:-scratch}" = system ]; then
    step "remove the package (user data stays)"
    dpkg -r "$NAME"
    test -f "$WORKSTATION_HOME/workstation.sqlite3"
    test ! -e "/opt/$NAME"
fi
step "smoke test passed in $((SECONDS - started)) s; artefacts in $ART"
