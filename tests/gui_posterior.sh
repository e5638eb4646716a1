#!/usr/bin/env bash
# The posterior overlay, in the real app under Xvfb, for latent size 2 (a heatmap with contours)
# and 1 (density curves over z, the codes on the map's diagonal): with training paused,
# hovering a test dot on the VAE's map and drawing on the Draw tab's canvas each give POSTERIOR
# events with finite numbers; the VAE map's pixels differ with the overlay on versus off (the
# Latent maps checkbox), against a control pair of two shots with it on; and Ctrl+Q exits 0.
# Needs LATENTLAB_APP (set by ctest), xvfb-run, xdotool, ImageMagick.
set -euo pipefail

source "$(dirname "$0")/lib/gui_harness.bash"

finite='nll_exact=-?[0-9]+\.[0-9]+ neg_elbo=-?[0-9]+\.[0-9]+ kl_to_posterior=-?[0-9]+\.[0-9]+ ms=[0-9]+\.[0-9]+'

# hover_dot LATENT: moves the mouse over the VAE map until a test dot there is hovered. In 2-D
# the dots are dense near the middle; in 1-D every code z sits at (z, z), the canvas's diagonal
# from bottom left to top right.
hover_dot() {
  read -r x0 y0 x1 y1 <<<"$(region latent-vae)"
  local w=$((x1 - x0)) h=$((y1 - y0)) k
  for k in $(seq 0 48); do
    if [[ "$1" == 1 ]]; then
      xdotool mousemove $((x0 + w * (10 + k) / 68)) $((y1 - h * (10 + k) / 68))
    else
      xdotool mousemove $((x0 + w * (2 + k % 7) / 10)) $((y0 + h * (2 + k / 7) / 10))
    fi
    sleep 0.25
    grep -qE "^POSTERIOR source=hover:[0-9]+ " "$tmp/out" && return
  done
  sleep 5
}

session() {  # session LATENT
  local latent=$1
  : >"$tmp/out"
  : >"$tmp/err"
  "$app" --data synthetic --latent "$latent" --compare --autostart --print-layout --posterior on >"$tmp/out" 2>"$tmp/err" &
  pid=$!
  wait_for '^READY' 30
  wait_for '^LAYOUT tab-draw ' 10
  wait_for '^LAYOUT latent-vae ' 10
  wait_for '^LAYOUT toggle-posterior ' 10
  wait_for '^STATUS running' 30
  sleep 4  # let the VAE learn something, so the posteriors have shape
  click button-train
  wait_for '^STATUS paused' 15
  wait_for "^POSTERIOR source=pinned:0 $finite" 60

  hover_dot "$latent"
  grep -qE "^POSTERIOR source=hover:[0-9]+ " "$tmp/out" || fail "latent $latent: hovering the VAE map gave no POSTERIOR source=hover event"
  grep -E "^POSTERIOR source=hover:" "$tmp/out" | grep -vqE "$finite" &&
    fail "latent $latent: a hover POSTERIOR event has a non-finite number: $(grep -E '^POSTERIOR source=hover:' "$tmp/out" | grep -vE "$finite" | head -n 1)"
  echo "latent $latent: $(grep -E '^POSTERIOR source=hover:' "$tmp/out" | tail -n 1)"

  # Draw a stroke on the canvas: the drawing is the image in focus while the tab is open.
  click tab-draw
  wait_for '^LAYOUT draw ' 10
  read -r x0 y0 x1 y1 <<<"$(region draw)"
  w=$((x1 - x0)); h=$((y1 - y0))
  xdotool mousemove $((x0 + w / 2)) $((y0 + h / 5)); sleep 0.3
  xdotool mousedown 1; sleep 0.3
  for k in $(seq 1 12); do xdotool mousemove $((x0 + w / 2 - k * w / 40)) $((y0 + h / 5 + k * h / 18)); sleep 0.1; done
  xdotool mouseup 1; sleep 0.3
  wait_for "^POSTERIOR source=draw $finite" 60
  echo "latent $latent: $(grep -E '^POSTERIOR source=draw ' "$tmp/out" | tail -n 1)"

  # On versus off, the mouse resting on the canvas (the drawing stays in focus).
  xdotool mousemove $((x0 + 3)) $((y1 - 3)); sleep 2
  for _ in $(seq 1 10); do
    shot latent-vae "$tmp/on.png"; sleep 1
    shot latent-vae "$tmp/control.png"
    c=$(differing_pixels "$tmp/on.png" "$tmp/control.png")
    [[ "$c" == 0 ]] && break
    sleep 1
  done
  [[ "$c" == 0 ]] || fail "latent $latent: the VAE map keeps changing with the overlay on ($c pixels): the comparison would prove nothing"
  # A click can be lost while a loaded machine draws a frame in hundreds of ms: the app says
  # when the toggle took, and the comparison waits for that.
  for _ in 1 2 3; do
    click toggle-posterior
    for _ in $(seq 1 30); do grep -q '^DISPLAY posterior=0' "$tmp/out" && break 2; sleep 0.1; done
  done
  grep -q '^DISPLAY posterior=0' "$tmp/out" || fail "latent $latent: clicking the Posterior toggle never turned it off"
  read -r x0 y0 x1 y1 <<<"$(region draw)"
  xdotool mousemove $((x0 + 3)) $((y1 - 3)); sleep 1
  shot latent-vae "$tmp/off.png"
  d=$(differing_pixels "$tmp/on.png" "$tmp/off.png")
  # The control pair showed the map still (0 pixels), so whatever differs now is the overlay.
  # A drawing's posterior after a few seconds of training can be a knot ~30 px across at
  # 1280x800, under dense dots: its q and q* ellipses and outlines, 300-2,500 pixels in all.
  ((d > 100)) || fail "latent $latent: the VAE map barely changes with the overlay off ($d pixels differ)"
  echo "latent $latent: the VAE map differs in $d pixels with the overlay on versus off"

  quit_with_ctrl_q
}

session 2
session 1
