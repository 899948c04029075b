#!/bin/sh
# /usr/bin/inspection-workstation: start the frozen application installed under /opt.
# The lane's configuration is /etc/inspection-workstation/lane.toml when present (unless
# WORKSTATION_CONFIG names another); per-user data stays in the user's data folder.
set -e
here="$(dirname "$(readlink -f "$0")")"
app="$here/../../opt/inspection-workstation/inspection-workstation"
etc="$here/../../etc/inspection-workstation/lane.toml"
if [ -z "${WORKSTATION_CONFIG:-}" ] && [ -f "$etc" ]; then
    WORKSTATION_CONFIG="$(readlink -f "$etc")"
    export WORKSTATION_CONFIG
fi
exec "$app" "$@"
