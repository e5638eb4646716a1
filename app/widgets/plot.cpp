#include "app/widgets/plot.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>

#include "app/widgets/axis.h"

namespace app::widgets {
namespace {
constexpr ImU32 kGrid = IM_COL32(255, 255, 255, 22);
constexpr ImU32 kAxisText = IM_COL32(170, 175, 185, 255);
}  // namespace

bool Plot::begin(const char* id, ImVec2 size) {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  if (size.x <= 0) size.x = avail.x;
  if (size.y <= 0) size.y = avail.y;
  size.x = std::max(size.x, 60.f);
  size.y = std::max(size.y, 50.f);
  ImGui::PushID(id);
  frame_min_ = ImGui::GetCursorScreenPos();
  frame_max_ = ImVec2(frame_min_.x + size.x, frame_min_.y + size.y);
  ImGui::InvisibleButton("##plot", size);
  open_ = ImGui::IsRectVisible(frame_min_, frame_max_);
  n_series_ = 0;
  points_.clear();
  x_label_.clear();
  y_label_.clear();
  title_.clear();
  log_y_ = false;
  legend_ = false;
  has_marker_ = false;
  has_fit_from_ = false;
  if (!open_) ImGui::PopID();
  return open_;
}

void Plot::setup_axes(const char* x_label, const char* y_label) {
  x_label_ = x_label ? x_label : "";
  y_label_ = y_label ? y_label : "";
}
void Plot::setup_log_y(bool log) { log_y_ = log; }
void Plot::setup_legend(bool show) { legend_ = show; }
void Plot::setup_title(const char* title) { title_ = title ? title : ""; }
void Plot::setup_fit_from_x(double x_min) {
  fit_from_x_ = x_min;
  has_fit_from_ = std::isfinite(x_min);
}
void Plot::setup_marker_x(double x) {
  marker_x_ = x;
  has_marker_ = std::isfinite(x);
}

void Plot::begin_series(const char* label, const LineStyle& style) {
  if (n_series_ == series_.size()) series_.emplace_back();
  Series& s = series_[n_series_++];
  s.label = label;
  s.style = style;
  s.first = s.last = points_.size();
}

void Plot::line(const char* label, const LineStyle& style, const double* xs, const double* ys,
                int count, int stride) {
  begin_series(label, style);
  const char* px = reinterpret_cast<const char*>(xs);
  const char* py = reinterpret_cast<const char*>(ys);
  for (int i = 0; i < count; ++i)
    add_point(*reinterpret_cast<const double*>(px + size_t(i) * stride),
              *reinterpret_cast<const double*>(py + size_t(i) * stride));
}

double Plot::to_y(double v) const { return log_y_ ? std::log10(v) : v; }

void Plot::end() {
  if (!open_) return;
  open_ = false;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float lh = ImGui::GetTextLineHeight();
  char buf[64];

  // A log axis needs positive values: with any value <= 0 (a Gaussian likelihood's
  // reconstruction term can be negative) this plot falls back to linear and says so.
  bool fell_back = false;
  if (log_y_)
    for (size_t i = 0; i < points_.size() && !fell_back; ++i)
      fell_back = std::isfinite(points_[i].y) && points_[i].y <= 0;
  if (fell_back) log_y_ = false;

  // Data bounds.
  double x0 = DBL_MAX, x1 = -DBL_MAX, y0 = DBL_MAX, y1 = -DBL_MAX;
  for (size_t s = 0; s < n_series_; ++s)
    for (size_t i = series_[s].first; i < series_[s].last; ++i) {
      const Pt& p = points_[i];
      if (!std::isfinite(p.x) || !std::isfinite(p.y) || (log_y_ && p.y <= 0)) continue;
      x0 = std::min(x0, p.x);
      x1 = std::max(x1, p.x);
      if (has_fit_from_ && p.x < fit_from_x_) continue;
      y0 = std::min(y0, to_y(p.y));
      y1 = std::max(y1, to_y(p.y));
    }
  if (x0 <= x1 && y0 > y1)  // no point at or after fit_from_x: fit them all after all
    for (size_t s = 0; s < n_series_; ++s)
      for (size_t i = series_[s].first; i < series_[s].last; ++i) {
        const Pt& p = points_[i];
        if (!std::isfinite(p.x) || !std::isfinite(p.y) || (log_y_ && p.y <= 0)) continue;
        y0 = std::min(y0, to_y(p.y));
        y1 = std::max(y1, to_y(p.y));
      }
  const bool empty = x0 > x1;
  if (empty) x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  if (x1 - x0 < 1e-12) x0 -= 0.5, x1 += 0.5;
  if (y1 - y0 < 1e-12) {
    const double pad = log_y_ ? 0.05 : std::max(1e-3, std::abs(y0) * 0.05);
    y0 -= pad, y1 += pad;
  }
  const double ypad = (y1 - y0) * 0.06;
  y0 -= ypad, y1 += ypad;

  // Layout: title/legend row on top, y tick labels left, x tick labels and label below.
  // Legend entries, one per distinct label, left to right, wrapped onto at most three rows.
  struct Entry {
    size_t series;
    float x;
    int row;
  };
  std::vector<Entry> entries;
  int legend_rows = 0;
  if (legend_) {
    float x = frame_min_.x;
    int row = 0;
    for (size_t s = 0; s < n_series_; ++s) {
      const Series& se = series_[s];
      if (!se.style.in_legend) continue;
      bool dup = false;
      for (size_t k = 0; k < s; ++k) dup |= series_[k].label == se.label && series_[k].style.in_legend;
      if (dup) continue;
      const float w = 15 + ImGui::CalcTextSize(se.label.c_str()).x;
      if (x + w > frame_max_.x && x > frame_min_.x) {
        if (row == 2) break;
        ++row;
        x = frame_min_.x;
      }
      entries.push_back({s, x, row});
      legend_rows = row + 1;
      x += w + 10;
    }
  }
  float top = frame_min_.y + lh + 4 + float(legend_rows) * (lh + 2);
  std::vector<double>& ticks = ticks_;
  double ystep = 1;
  if (log_y_) {
    log_ticks(std::pow(10.0, y0), std::pow(10.0, y1), ticks);
  } else {
    ystep = linear_ticks(y0, y1, std::max(2, int((frame_max_.y - top) / (lh * 2.2f))), ticks);
  }
  float label_w = 0;
  for (double t : ticks) {
    format_tick(t, log_y_ ? std::min(t, 1.0) : ystep, buf, sizeof buf);
    label_w = std::max(label_w, ImGui::CalcTextSize(buf).x);
  }
  const ImVec2 a0(frame_min_.x + label_w + 8, top);
  // Without an x label (small plots) the row under the tick labels is not kept.
  const ImVec2 a1(frame_max_.x - 6, frame_max_.y - lh * (x_label_.empty() ? 1 : 2) - 4);
  if (a1.x - a0.x < 20 || a1.y - a0.y < 20) {
    ImGui::PopID();
    return;
  }
  auto sx = [&](double x) { return float(a0.x + (x - x0) / (x1 - x0) * (a1.x - a0.x)); };
  auto sy = [&](double y) { return float(a1.y - (to_y(y) - y0) / (y1 - y0) * (a1.y - a0.y)); };

  // y grid and labels
  for (double t : ticks) {
    const float y = sy(t);
    if (y < a0.y - 1 || y > a1.y + 1) continue;
    dl->AddLine(ImVec2(a0.x, y), ImVec2(a1.x, y), kGrid);
    format_tick(t, log_y_ ? std::min(t, 1.0) : ystep, buf, sizeof buf);
    const float w = ImGui::CalcTextSize(buf).x;
    dl->AddText(ImVec2(a0.x - 4 - w, y - lh / 2), kAxisText, buf);
  }
  // x grid and labels
  const double xstep = labelled_ticks(x0, x1, std::max(2, int((a1.x - a0.x) / 70)), xticks_);
  for (const Tick& t : xticks_) {
    const float x = sx(t.value);
    dl->AddLine(ImVec2(x, a0.y), ImVec2(x, a1.y), kGrid);
    const float w = ImGui::CalcTextSize(t.label).x;
    dl->AddText(ImVec2(std::clamp(x - w / 2, a0.x - 4, frame_max_.x - w), a1.y + 2), kAxisText, t.label);
  }
  if (!x_label_.empty()) {
    const float w = ImGui::CalcTextSize(x_label_.c_str()).x;
    dl->AddText(ImVec2(a1.x - w, a1.y + lh + 3), kAxisText, x_label_.c_str());
  }
  // Title (or y label) top-left; legend to its right.
  const std::string& head = title_.empty() ? y_label_ : title_;
  dl->AddText(ImVec2(frame_min_.x, frame_min_.y), IM_COL32(225, 228, 235, 255), head.c_str());
  if (fell_back)
    dl->AddText(ImVec2(frame_min_.x + ImGui::CalcTextSize(head.c_str()).x + 8, frame_min_.y), kAxisText,
                "(linear: values ≤ 0)");
  for (const Entry& e : entries) {
    const Series& se = series_[e.series];
    const float y = frame_min_.y + lh + 2 + float(e.row) * (lh + 2), cy = y + lh / 2;
    const float x = e.x;
    if (se.style.markers) {
      dl->AddLine(ImVec2(x, cy), ImVec2(x + 12, cy), se.style.color, 1.f);
      dl->AddRectFilled(ImVec2(x + 3.5f, cy - 2.5f), ImVec2(x + 8.5f, cy + 2.5f), se.style.color);
    } else {
      dl->AddLine(ImVec2(x, cy), ImVec2(x + 12, cy), se.style.color, 2.f);
    }
    dl->AddText(ImVec2(x + 15, y), kAxisText, se.label.c_str());
  }
  if (empty) {
    const char* msg = "no data yet";
    const ImVec2 ts = ImGui::CalcTextSize(msg);
    dl->AddText(ImVec2((a0.x + a1.x - ts.x) / 2, (a0.y + a1.y - ts.y) / 2), kAxisText, msg);
  }

  // Series, clipped to the plot area.
  dl->PushClipRect(a0, a1, true);
  for (size_t s = 0; s < n_series_; ++s) {
    const Series& se = series_[s];
    poly_.clear();
    for (size_t i = se.first; i < se.last; ++i) {
      const Pt& p = points_[i];
      if (!std::isfinite(p.x) || !std::isfinite(p.y) || (log_y_ && p.y <= 0)) continue;
      const ImVec2 q(sx(p.x), sy(p.y));
      // Long runs: at most one point per pixel column (the last one stays exact).
      if (!se.style.markers && !poly_.empty() && q.x - poly_.back().x < 1.f && i + 1 < se.last) continue;
      poly_.push_back(q);
    }
    if (poly_.size() >= 2) dl->AddPolyline(poly_.data(), int(poly_.size()), se.style.color, 0, se.style.thickness);
    // Square markers: two triangles each, where an anti-aliased disc costs llvmpipe ~20.
    if (se.style.markers)
      for (const ImVec2& q : poly_) dl->AddRectFilled(ImVec2(q.x - 2.5f, q.y - 2.5f), ImVec2(q.x + 2.5f, q.y + 2.5f), se.style.color);
  }
  if (has_marker_ && !empty && marker_x_ >= x0 && marker_x_ <= x1) {
    const float x = sx(marker_x_);
    dl->AddLine(ImVec2(x, a0.y), ImVec2(x, a1.y), IM_COL32(255, 200, 90, 200), 1.5f);
  }
  dl->PopClipRect();
  dl->AddRect(a0, a1, IM_COL32(255, 255, 255, 50));

  // Hover read-out: the value of every series at the mouse's x (nearest point).
  const ImVec2 m = ImGui::GetIO().MousePos;
  if (ImGui::IsItemHovered() && m.x >= a0.x && m.x <= a1.x && m.y >= a0.y && m.y <= a1.y && !empty) {
    const double xm = x0 + (m.x - a0.x) / (a1.x - a0.x) * (x1 - x0);
    dl->AddLine(ImVec2(m.x, a0.y), ImVec2(m.x, a1.y), IM_COL32(255, 255, 255, 90));
    ImGui::BeginTooltip();
    format_tick(xm, xstep / 10, buf, sizeof buf);
    ImGui::Text("%s %s", x_label_.c_str(), buf);
    for (size_t s = 0; s < n_series_; ++s) {
      const Series& se = series_[s];
      if (se.first == se.last) continue;
      // x is ascending in every series we draw: binary search, then the nearer neighbour.
      const Pt* b = points_.data() + se.first;
      const Pt* e = points_.data() + se.last;
      const Pt* it = std::lower_bound(b, e, xm, [](const Pt& p, double x) { return p.x < x; });
      if (it == e || (it != b && xm - (it - 1)->x < it->x - xm)) --it;
      // Sparse series (test points) only answer near one of their points.
      if (se.style.markers && std::abs(sx(it->x) - m.x) > 12) continue;
      dl->AddCircle(ImVec2(sx(it->x), sy(it->y)), 4.f, se.style.color, 12, 1.5f);
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(se.style.color), "%s", se.label.c_str());
      ImGui::SameLine();
      ImGui::Text("%.2f  (at %s %g)", it->y, x_label_.c_str(), it->x);
    }
    ImGui::EndTooltip();
  }
  ImGui::PopID();
}

}  // namespace app::widgets
