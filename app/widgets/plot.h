#pragma once
// A small line-plot widget over ImDrawList with ImPlot's shape of API: begin(), setup_*(),
// line() over caller-owned arrays, end(). Axes with ticks and labels, a linear or log y
// axis, a horizontal legend above the plot area, and a hover read-out of every series at
// the mouse's x. Auto-fits to the data each frame.
//
// Unlike ImPlot there is no global context: a Plot is a member of the panel that draws it,
// so two plots never share state. Points are copied into the Plot's own buffer (reused from
// frame to frame), so callers may pass temporaries.
#include <imgui.h>

#include <string>
#include <vector>

#include "app/widgets/axis.h"

namespace app::widgets {

struct LineStyle {
  ImU32 color = IM_COL32_WHITE;
  float thickness = 1.5f;
  bool markers = false;  // a dot on every point (sparse series such as per-epoch test values)
  bool in_legend = true;
};

class Plot {
 public:
  // Reserves `size` (x or y <= 0: the remaining width/height) at the cursor. Returns false
  // when nothing is visible; then skip the rest (end() is not needed).
  bool begin(const char* id, ImVec2 size);
  void setup_axes(const char* x_label, const char* y_label);
  void setup_log_y(bool log);
  void setup_legend(bool show);
  // The y label in the top-left corner is replaced by `title` when given.
  void setup_title(const char* title);
  // A vertical line at x (e.g. the step a timeline shows), when inside the data's range.
  void setup_marker_x(double x);
  // The y axis fits only the points at x >= x_min (the others are drawn, clipped): so an
  // early plunge does not flatten what came after.
  void setup_fit_from_x(double x_min);

  // Point i is (xs[i], ys[i]) read with a byte stride (so arrays of structs work).
  void line(const char* label, const LineStyle& style, const double* xs, const double* ys,
            int count, int stride = sizeof(double));
  // Point i is getter(i), anything with .x and .y convertible to double.
  template <class Getter>
  void line_g(const char* label, const LineStyle& style, int count, Getter&& getter) {
    begin_series(label, style);
    for (int i = 0; i < count; ++i) {
      const auto p = getter(i);
      add_point(double(p.x), double(p.y));
    }
  }
  void end();

  // The plot's screen rectangle after end(): for layout reports.
  ImVec2 rect_min() const { return frame_min_; }
  ImVec2 rect_max() const { return frame_max_; }

 private:
  struct Series {
    std::string label;
    LineStyle style;
    size_t first = 0, last = 0;  // range in points_
  };
  struct Pt {
    double x, y;
  };
  void begin_series(const char* label, const LineStyle& style);
  void add_point(double x, double y) { points_.push_back({x, y}); series_[n_series_ - 1].last = points_.size(); }
  double to_y(double v) const;  // data y -> axis space (log10 when log)

  std::vector<Series> series_;
  size_t n_series_ = 0;
  std::vector<Pt> points_;
  std::vector<double> ticks_;
  std::vector<Tick> xticks_;
  std::vector<ImVec2> poly_;
  std::string x_label_, y_label_, title_;
  bool log_y_ = false, legend_ = false, open_ = false;
  double marker_x_ = 0, fit_from_x_ = 0;
  bool has_marker_ = false, has_fit_from_ = false;
  ImVec2 frame_min_, frame_max_;
};

}  // namespace app::widgets
