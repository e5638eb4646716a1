#!/usr/bin/env bash
# `cmake --install` gives a runnable tree: into a temporary prefix P, then P/bin/latentlab-cli
# --help and P/bin/latentlab --help run from there, P/share/latentlab holds the assets, and
# (with a display, under xvfb-run) the installed app uses P/share/latentlab and shows no error.
# Needs LATENTLAB_CLI (set by ctest; its folder is the build tree), LATENTLAB_APP when the GUI
# is built.
set -euo pipefail

build=$(dirname "${LATENTLAB_CLI:?LATENTLAB_CLI must name latentlab-cli in the build tree}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

p="$tmp/prefix"
cmake --install "$build" --prefix "$p" >"$tmp/install.log" || { cat "$tmp/install.log" >&2; fail "cmake --install failed"; }
"$p/bin/latentlab-cli" --help >"$tmp/cli.txt" || fail "the installed latentlab-cli --help failed"
grep -q "train" "$tmp/cli.txt" || fail "the installed latentlab-cli --help does not list train"
echo "installed: $(find "$p" -type f | wc -l) files"

if [[ -z "${LATENTLAB_APP:-}" ]]; then
  echo "GUI not built: the CLI alone checked"
  exit 0
fi
for f in icon.png colormaps/viridis.txt colormaps/magma.txt; do
  [[ -s "$p/share/latentlab/$f" ]] || fail "P/share/latentlab/$f missing"
done
ls "$p"/share/latentlab/drawings/*.png >/dev/null || fail "no example drawings installed"
"$p/bin/latentlab" --help >"$tmp/app.txt" || fail "the installed latentlab --help failed"
grep -q -- "--tab" "$tmp/app.txt" || fail "the installed latentlab --help does not list --tab"
command -v xvfb-run >/dev/null || { echo "no xvfb-run: the app's start-up not checked"; exit 0; }
# From another folder, so nothing relative to the build or source tree can help it.
(cd "$tmp" && xvfb-run -a -s "-screen 0 1280x800x24" "$p/bin/latentlab" --data synthetic --latent 2 \
  --print-layout --quit-after 3 >"$tmp/out" 2>"$tmp/err") || { cat "$tmp/err" >&2; fail "the installed app failed"; }
grep -qx "ASSETS dir=$p/share/latentlab" "$tmp/out" || fail "the installed app did not use P/share/latentlab: $(grep ASSETS "$tmp/out")"
grep -q '^ERROR' "$tmp/out" && fail "the installed app showed an error: $(grep -m1 '^ERROR' "$tmp/out")"
grep -q '^BYE' "$tmp/out" || fail "the installed app did not shut down in order"
echo "installed app ran from $p"
