#pragma once
// Order statistics of a handful of timings. The benchmark and the
// app's frame statistics all read medians and percentiles through these two, so a "p95" means
// the same thing wherever it is printed.
#include <vector>

namespace ll {

// The middle value, or the mean of the two middle ones for an even count; 0 for none.
double median(std::vector<double> v);

// Nearest rank: the value at rank round(p/100 · (n − 1)) of the sorted values, p in [0, 100]
// (clamped); 0 for none. For an odd count percentile(v, 50) is median(v); for an even one it
// is one of the two middle values, not their mean.
double percentile(std::vector<double> v, double p);

}  // namespace ll
