#!/usr/bin/env bash
# The real app under Xvfb with a broken points shader (LATENTLAB_SHADER_DIR replaces the
# embedded source): the status bar shows the compile error (an ERROR event naming the file),
# and the maps still draw their points through ImGui. A control run with the embedded
# shaders shows no error. Needs LATENTLAB_APP (set by ctest), xvfb-run, ImageMagick.
set -euo pipefail

source "$(dirname "$0")/lib/gui_harness.bash"

# How many strongly coloured pixels (class-coloured dots; the manifold is grey) a PNG has.
coloured_pixels() {
  /usr/bin/convert "$1" -colorspace HSL -channel G -separate +channel -threshold 45% -format '%[fx:int(mean*w*h+0.5)]' info:
}
map_crop() {  # map_crop SHOT REGION OUT: the latent map's square from a window screenshot
  read -r x0 y0 x1 y1 <<<"$(region "$2")"
  /usr/bin/convert "$1" -crop "$((x1 - x0))x$((y1 - y0))+$x0+$y0" +repage "$3"
}

mkdir -p "$tmp/shaders"
printf '#version 330 core\nout vec4 frag;\nvoid main() { frag = undefined_thing; }\n' >"$tmp/shaders/points.frag"

touch "$tmp/out" "$tmp/err"
LATENTLAB_SHADER_DIR="$tmp/shaders" "$app" --data synthetic --latent 2 --compare --autostart --print-layout \
  --print-stats --quit-after 8 --screenshot "$tmp/bad.png" >"$tmp/out" 2>"$tmp/err" &
pid=$!
wait "$pid" || fail "the app exited with $? on a broken shader"
pid=
grep -qE '^ERROR shader points\.frag \(.*shaders/points\.frag\): compile failed: .+' "$tmp/out" ||
  fail "no ERROR event naming points.frag and the driver's log"
stats=$(grep '^{"frames"' "$tmp/out") || fail "no --print-stats line"
drawn=$(sed -E 's/.*"points_drawn":([0-9]+).*/\1/' <<<"$stats")
((drawn > 0)) || fail "no points drawn with a broken shader (points_drawn $drawn): the ImGui fallback did not draw"
map_crop "$tmp/bad.png" latent-vae "$tmp/bad-map.png"
bad_col=$(coloured_pixels "$tmp/bad-map.png")
((bad_col > 500)) || fail "the VAE map shows only $bad_col class-coloured pixels with a broken shader"
echo "broken shader: $(grep -m1 '^ERROR' "$tmp/out" | cut -c1-160)"
echo "fallback: $drawn points drawn, $bad_col coloured pixels on the VAE map"

# Control: the embedded shaders build, no error.
: >"$tmp/out"
"$app" --data synthetic --latent 2 --compare --autostart --print-layout --print-stats --quit-after 6 \
  >"$tmp/out" 2>"$tmp/err" &
pid=$!
wait "$pid" || fail "the control run exited with $?"
pid=
grep -qE '^ERROR' "$tmp/out" && fail "the control run (embedded shaders) showed an error"
echo "control: no error with the embedded shaders"
