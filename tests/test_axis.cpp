// Axis ticks and their labels (app/widgets/axis.cpp: plain C++, compiled into the tests).
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "app/widgets/axis.h"

namespace {

std::vector<std::string> labels(double lo, double hi) {
  std::vector<double> ticks;
  const double step = app::widgets::linear_ticks(lo, hi, 4, ticks);
  std::vector<std::string> out;
  for (double t : ticks) {
    char buf[32];
    app::widgets::format_tick(t, step, buf, sizeof buf);
    out.push_back(buf);
  }
  return out;
}

TEST(Axis, NeighbouringTicksGetDifferentLabelsAtEveryScale) {
  // Includes the ranges an untrained model's pixel-change plot has (1e-7 wide), which read
  // "0.000000" on every tick before.
  for (double lo : {0.0, 1e-9, 3e-7, 0.5, 250.0})
    for (double width : {2e-9, 1e-7, 3e-5, 0.004, 0.7, 12.0, 900.0, 2e5}) {
      // A range narrower than 1e-5 of its values is below what float data can vary by.
      if (width < 1e-5 * lo) continue;
      const std::vector<std::string> l = labels(lo, lo + width);
      ASSERT_GE(l.size(), 2u) << lo << " + " << width;
      EXPECT_EQ(std::set<std::string>(l.begin(), l.end()).size(), l.size())
          << lo << " + " << width << ": " << ::testing::PrintToString(l);
      for (const std::string& s : l) EXPECT_LE(s.size(), 10u) << s;
    }
}

TEST(Axis, LabelsReadAsUsual) {
  EXPECT_EQ(labels(0, 10), (std::vector<std::string>{"0", "2", "4", "6", "8", "10"}));
  EXPECT_EQ(labels(0, 1), (std::vector<std::string>{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}));
  EXPECT_EQ(labels(0, 4e-7), (std::vector<std::string>{"0", "1e-07", "2e-07", "3e-07", "4e-07"}));
  char buf[16];
  app::widgets::format_tick(2.5e6, 5e5, buf, sizeof buf);
  EXPECT_STREQ(buf, "2.5M");
}

}  // namespace
