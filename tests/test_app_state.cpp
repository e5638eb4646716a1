// The app's shared view state that is plain C++ (no ImGui): the linked-hover mailbox, the
// image in focus (app/focus.h) and the labelled ticks the map and the plots share.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "app/focus.h"
#include "app/state/linked_hover.h"
#include "app/widgets/axis.h"

namespace {

TEST(LinkedHover, APostIsSeenTheNextFrameAndOnlyThen) {
  app::LinkedHover h;
  h.post(7, 1, 4321);
  EXPECT_EQ(h.image(), -1);  // the maps drawn later this frame must not see it yet
  h.next_frame();
  EXPECT_EQ(h.image(), 7);
  EXPECT_EQ(h.test_image(), 4321);
  EXPECT_EQ(h.arm(), 1);
  h.next_frame();  // nothing posted since: the mouse left the dots
  EXPECT_EQ(h.image(), -1);
  EXPECT_EQ(h.test_image(), -1);
  EXPECT_EQ(h.arm(), -1);
  // A dot outside the snapshot's subset: no row, but the test image for the other maps' ring.
  h.post(-1, 0, 9000);
  h.next_frame();
  EXPECT_EQ(h.image(), -1);
  EXPECT_EQ(h.test_image(), 9000);
  EXPECT_EQ(h.arm(), 0);
}

TEST(Focus, HoveredDotThenCanvasThenEndA) {
  app::InterpEnds ends;
  ends.a = app::Endpoint{false, 0, 1.5f, -2.f};
  app::LinkedHover h;
  h.post(12, 0, 12);
  h.next_frame();
  app::Focus f = app::resolve_focus(h, true, ends);
  EXPECT_EQ(f.source, app::Focus::Source::HoveredDot);
  EXPECT_TRUE(f.end.is_image);
  EXPECT_EQ(f.end.image, 12);
  EXPECT_EQ(f.arm, 0);

  h.next_frame();  // no dot under the mouse now
  f = app::resolve_focus(h, true, ends);
  EXPECT_EQ(f.source, app::Focus::Source::Canvas);

  f = app::resolve_focus(h, false, ends);
  EXPECT_EQ(f.source, app::Focus::Source::EndA);
  EXPECT_FALSE(f.end.is_image);
  EXPECT_FLOAT_EQ(f.end.x, 1.5f);
  EXPECT_FLOAT_EQ(f.end.y, -2.f);
}

TEST(Axis, LabelledTicksAreTheTicksWithTheirFormattedLabels) {
  for (double lo : {-3.2, 0.0, 1e-7})
    for (double width : {2e-6, 0.37, 6.4, 1500.0}) {
      std::vector<double> values;
      const double step = app::widgets::linear_ticks(lo, lo + width, 5, values);
      std::vector<app::widgets::Tick> ticks;
      EXPECT_EQ(app::widgets::labelled_ticks(lo, lo + width, 5, ticks), step);
      ASSERT_EQ(ticks.size(), values.size());
      for (size_t i = 0; i < values.size(); ++i) {
        char buf[32];
        app::widgets::format_tick(values[i], step, buf, sizeof buf);
        EXPECT_EQ(ticks[i].value, values[i]);
        EXPECT_STREQ(ticks[i].label, buf);
      }
    }
}

}  // namespace
