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

}  // namespace app::widgets
