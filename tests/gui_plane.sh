#!/usr/bin/env bash
# The maps' PCA plane in the real app under Xvfb: with `--latent 8 --plane pca` on a small
# synthetic set the app reports the plane (DISPLAY plane=pca with each model's share of its
# codes' variance on PC1 and PC2, between 0 and 1 and summing to at most 1); the VAE map, held
# still (two agreeing shots, no training), changes when the Controls' Plane radio goes to
# "slice" (DISPLAY plane=slice with the slice's dims) and back; --print-stats names the plane
# shown last; Ctrl+Q exits 0. Then the refusals: --plane pca with --latent 2, and a bad value.
# Needs LATENTLAB_APP (set by ctest), xvfb-run, xdotool, ImageMagick.
set -euo pipefail

source "$(dirname "$0")/lib/gui_harness.bash"

# still_shot NAME: a shot of the VAE map once two in a row agree (the manifold and codes landed).
still_shot() {
  local c=1
  for _ in $(seq 1 15); do
    shot latent-vae "$tmp/$1.png"; sleep 1
    shot latent-vae "$tmp/$1-control.png"
    c=$(differing_pixels "$tmp/$1.png" "$tmp/$1-control.png")
    [[ "$c" == 0 ]] && return 0
    sleep 0.5
  done
  fail "the VAE map keeps changing ($c pixels) for the $1 shot: a comparison would prove nothing"
}
# choose KIND: click the Plane radio until the app says the maps show that kind.
choose() {
  local before
  before=$(grep -c "^DISPLAY plane=$1 " "$tmp/out" || true)
  for _ in 1 2 3; do
    click "plane-$1"
    for _ in $(seq 1 30); do
      (($(grep -c "^DISPLAY plane=$1 " "$tmp/out" || true) > before)) && return 0
      sleep 0.1
    done
  done
  fail "clicking Plane: $1 never made the maps show it"
}

touch "$tmp/out" "$tmp/err"
"$app" --data synthetic:1200 --latent 8 --compare --plane pca --print-layout --print-stats >"$tmp/out" 2>"$tmp/err" &
pid=$!
wait_for '^READY' 30
wait_for '^LAYOUT latent-vae ' 10
wait_for '^LAYOUT plane-slice ' 10
share='(0\.[0-9]{3}|1\.000)'
wait_for "^DISPLAY plane=pca latent=8 vae=PC1:$share,PC2:$share ae=PC1:$share,PC2:$share" 60
line=$(grep -E '^DISPLAY plane=pca ' "$tmp/out" | tail -n 1)
echo "pca: $line"
# The shares are of the variance: each in [0, 1], PC1's the larger, the two at most 1.
awk -v l="$line" 'BEGIN {
  n = split(l, f, /[:,= ]/)
  for (i = 1; i <= n; ++i) if (f[i] == "PC1") { a = f[i + 1]; b = f[i + 3];
    if (a < b || a + b > 1.0005 || b < 0) { print "bad shares " a " " b; exit 1 } }
}' || fail "the reported shares are not those of a principal plane: $line"
wait_for '^CODES map=vae ' 60
wait_for '^MANIFOLD vae ' 60
grep -qE '^ERROR' "$tmp/out" && fail "an error was shown"
read -r x0 y0 x1 y1 <<<"$(region plane-pca)"
xdotool mousemove "$x0" $((y1 + 40)); sleep 1  # off the maps: no hover ring in the shots
still_shot pca

choose slice
line=$(grep -E '^DISPLAY plane=slice ' "$tmp/out" | tail -n 1)
echo "slice: $line"
[[ "$line" =~ ^DISPLAY\ plane=slice\ latent=8\ vae=z.*ae=z ]] || fail "the slice's axes are not named: $line"
read -r x0 y0 x1 y1 <<<"$(region plane-slice)"
xdotool mousemove "$x0" $((y1 + 40)); sleep 1
still_shot slice
d=$(differing_pixels "$tmp/pca.png" "$tmp/slice.png")
# The control pairs showed each map still, so what differs is the plane: other codes' places,
# another manifold, other axis names.
((d > 10000)) || fail "the VAE map barely changes from the PCA plane to the slice ($d pixels differ)"
echo "the VAE map differs in $d pixels between the PCA plane and the slice"
[[ -n "${LL_KEEP_SHOT:-}" ]] && cp "$tmp/pca.png" "$LL_KEEP_SHOT"

choose pca
quit_with_ctrl_q
grep -qE '"plane":"pca"' "$tmp/out" || fail "--print-stats does not name the plane shown last: $(grep '^{' "$tmp/out")"

# Refusals: one line naming the flag, exit 2, no window.
status=0
"$app" --latent 2 --plane pca >"$tmp/out" 2>"$tmp/err" || status=$?
((status == 2)) || fail "--latent 2 --plane pca exited $status, not 2"
grep -q -- '--plane pca needs latent size > 2, got 2' "$tmp/err" || fail "no clear message for --plane pca on a 2-D space"
status=0
"$app" --latent 8 --plane pcb >"$tmp/out" 2>"$tmp/err" || status=$?
((status == 2)) || fail "--plane pcb exited $status, not 2"
grep -q -- "--plane: expected slice or pca, got 'pcb'" "$tmp/err" || fail "no clear message for --plane pcb: $(cat "$tmp/err")"
echo "refused: $(head -n 1 "$tmp/err")"
