#include "app/widgets/axis.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace app::widgets {

double linear_ticks(double lo, double hi, int target, std::vector<double>& out) {
  out.clear();
  if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) return 1;
  const double raw = (hi - lo) / std::max(1, target);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double r = raw / mag;
  const double step = (r < 1.5 ? 1 : r < 3.5 ? 2 : r < 7.5 ? 5 : 10) * mag;
  for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
    out.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
  return step;
}

void log_ticks(double lo, double hi, std::vector<double>& out) {
  out.clear();
  if (!(lo > 0) || !(hi > lo)) return;
  const int d0 = int(std::floor(std::log10(lo))), d1 = int(std::ceil(std::log10(hi)));
  // Few decades: 1, 2, 5 in each; many: decades only.
  const bool fine = d1 - d0 <= 2;
  for (int d = d0; d <= d1; ++d)
    for (double m : {1.0, 2.0, 5.0}) {
      if (!fine && m != 1.0) continue;
      const double v = m * std::pow(10.0, d);
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push_back(v);
    }
  // A narrow range may hold none of those: fall back to linear ticks.
  if (out.size() < 2) linear_ticks(lo, hi, 4, out);
}

void format_tick(double v, double step, char* buf, size_t n) {
  const double a = std::abs(v);
  if (a >= 1e6) {
    std::snprintf(buf, n, "%gM", v / 1e6);
  } else if (a >= 1e4 && step >= 1000) {
    std::snprintf(buf, n, "%gk", v / 1e3);
  } else if (step < 1e-4 && step > 0) {
    // Fixed decimals would need more than fit ("0.000000" on every tick of a 1e-7 range):
    // as many significant digits as tell neighbouring ticks apart, in e-notation when small.
    if (a < step * 1e-6) {
      std::snprintf(buf, n, "0");
    } else {
      const int digits = std::clamp(int(std::ceil(std::log10(a / step) - 1e-9)) + 1, 1, 8);
      std::snprintf(buf, n, "%.*g", digits, v);
    }
  } else {
    const int decimals = step >= 1 ? 0 : int(std::ceil(-std::log10(step) - 1e-9));
    std::snprintf(buf, n, "%.*f", decimals, v);
  }
}

double labelled_ticks(double lo, double hi, int target, std::vector<Tick>& out) {
  std::vector<double> values;
  const double step = linear_ticks(lo, hi, target, values);
  out.resize(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    out[i].value = values[i];
    format_tick(values[i], step, out[i].label, sizeof out[i].label);
  }
  return step;
}

}  // namespace app::widgets
