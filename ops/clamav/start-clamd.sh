#!/usr/bin/env bash
# Starts a private clamd for the demo or a manual test: ops/clamav/start-clamd.sh [PORT] [FOLDER]
# It loads only the signatures this repository ships (the EICAR test file), listens on 127.0.0.1:PORT (default 3310),
# and runs until killed (its pid is in FOLDER/clamd.pid). Point the runner at it with Materials__ClamAv=tcp://127.0.0.1:PORT.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
port="${1:-3310}"
folder="${2:-$(mktemp -d -t rpa-clamd-XXXXXX)}"
user="$(id -un)"
[ "$user" = root ] && user=clamav && id clamav >/dev/null 2>&1 || user="$(id -un)"
mkdir -p "$folder/db" "$folder/tmp"
cp "$here"/rpa-test.hsb "$here"/rpa-test.ndb "$folder/db/"
sed -e "s|{folder}|$folder|g" -e "s|{port}|$port|g" -e "s|{user}|$user|g" "$here/clamd.conf.template" >"$folder/clamd.conf"
[ "$user" != "$(id -un)" ] && chown -R "$user:" "$folder"
echo "clamd: 127.0.0.1:$port, folder $folder" >&2
exec /usr/sbin/clamd --config-file="$folder/clamd.conf"
