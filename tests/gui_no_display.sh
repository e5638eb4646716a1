#!/usr/bin/env bash
# With no display the app must say what to do instead (xvfb-run, or the CLI) and exit
# non-zero, not crash or hang.
set -euo pipefail
app=${LATENTLAB_APP:?LATENTLAB_APP must name the latentlab binary}
status=0
err=$(env -u DISPLAY -u WAYLAND_DISPLAY timeout 20 "$app" --data synthetic 2>&1 >/dev/null) || status=$?
echo "$err"
((status != 0)) || { echo "FAIL: exit status 0 without a display" >&2; exit 1; }
((status != 124)) || { echo "FAIL: hung without a display" >&2; exit 1; }
grep -q 'xvfb-run' <<<"$err" || { echo "FAIL: the message does not name xvfb-run" >&2; exit 1; }
grep -q 'latentlab-cli' <<<"$err" || { echo "FAIL: the message does not name latentlab-cli" >&2; exit 1; }
echo "ok: exit status $status"
