#!/usr/bin/env bash
# Build the frozen application (PyInstaller --onedir) into dist/inspection-workstation/.
# Uses the developers' virtual environment (bin/_venv.sh; PyInstaller is a dev dependency).
# Usage: installer/build.sh   (DIST=folder to put it elsewhere; WORK=PyInstaller's work folder)
source "$(dirname "$0")/../bin/_venv.sh"
cd "$ROOT"
DIST="${DIST:-$ROOT/dist}"
WORK="${WORK:-$ROOT/build/pyinstaller}"
"$VENV/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK" installer/workstation.spec
# Symbols are of no use at a post and are 40 MB of the bundle (decision 0901). Not in the
# wheels' vendored library folders (*.libs): auditwheel patched those, and stripping them
# breaks their loading (numpy's OpenBLAS: "ELF load command ... not page-aligned").
if command -v strip >/dev/null; then
    find "$DIST/inspection-workstation/_internal" -type f -name "*.so*" -not -path "*.libs/*" \
        -exec strip --strip-unneeded {} + 2>/dev/null || true
else
    echo "build: strip (binutils) is not installed: the bundle keeps its symbols" >&2
fi
# The models' manifests are signed: the bundle is checked right here, not first at a post.
"$DIST/inspection-workstation/inspection-workstation" models verify >/dev/null
du -sh "$DIST/inspection-workstation" | awk '{print "bundle: " $2 " " $1}'
