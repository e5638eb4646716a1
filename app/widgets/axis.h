#pragma once
// Tick positions and labels for plot axes and the latent map: "nice" steps (1, 2, 5 × 10^k)
// on a linear axis, decades (with 2 and 5 between them when few) on a log axis.
#include <cstddef>
#include <vector>

namespace app::widgets {

// Ticks inside [lo, hi], about `target` of them; returns the step.
double linear_ticks(double lo, double hi, int target, std::vector<double>& out);
// Ticks inside [lo, hi] (both > 0) for a log axis, as values (not logs).
void log_ticks(double lo, double hi, std::vector<double>& out);
// Short label for a tick: enough decimals for `step` (significant digits below 1e-4), SI-ish
// suffix for large values.
void format_tick(double v, double step, char* buf, size_t n);

// A tick with its label, for a grid with labels: one linear axis of a plot or the latent map.
struct Tick {
  double value;
  char label[32];
};
// linear_ticks with each tick labelled by format_tick; returns the step.
double labelled_ticks(double lo, double hi, int target, std::vector<Tick>& out);

}  // namespace app::widgets
