#include "app/map/manifold_layer.h"

#include <algorithm>
#include <cmath>


namespace app {
namespace {

using Clock = std::chrono::steady_clock;

bool boxes_differ(const ll::LatentBox& a, const ll::LatentBox& b) {
  const float tol = 0.02f * std::max(a.width(), a.height());
  return std::abs(a.x0 - b.x0) > tol || std::abs(a.x1 - b.x1) > tol || std::abs(a.y0 - b.y0) > tol ||
         std::abs(a.y1 - b.y1) > tol;
}

}  // namespace

void ManifoldLayer::update(const ll::Snapshot& s, size_t arm, const MapPlane& plane, bool wanted, const Xform& xf,
                           Events& events, RunStats& stats) {
  if (auto r = worker_.take()) {
    tex_.upload(r->atlas.pixels.data(), r->atlas.width, r->atlas.height, r->atlas.channels, true);
    box_ = r->box;
    stats.manifold_ms_last = r->ms;
    events.say("MANIFOLD %s %dx%d %.1f ms  x %.2f..%.2f  y %.2f..%.2f", s.arms[arm].name.c_str(), r->cols, r->rows,
               r->ms, r->box.x0, r->box.x1, r->box.y0, r->box.y1);
  }
  const ll::ArmSnapshot& A = s.arms[arm];
  const int L = s.config.model.latent;
  if (!wanted || !A.model || L < 2 || !s.data || worker_.busy()) return;

  const ll::LatentBox box{xf.to_x(xf.c0.x), xf.to_x(xf.c0.x + xf.side), xf.to_y(xf.c0.y + xf.side),
                          xf.to_y(xf.c0.y)};
  const bool moved = boxes_differ(box, req_box_) || plane.id(arm) != req_plane_ || !tex_.valid();
  const bool new_model = A.model.get() != req_model_;
  // A new model arrives with every snapshot (10 per second); a manifold a few tenths of a
  // second old is as good and costs the trainer less.
  const auto since = Clock::now() - req_time_;
  const bool due = (new_model && since > std::chrono::milliseconds(400)) ||
                   (moved && (since > std::chrono::milliseconds(100) || !tex_.valid()));
  if (!due) return;

  const int n = std::clamp(int(xf.side / 22.f), 6, 24);
  ManifoldWorker::Job job;
  job.model = A.model;
  job.z = plane.of(arm).grid(n, n, box);
  job.cols = job.rows = n;
  job.height = s.data->height;
  job.width = s.data->width;
  job.channels = s.data->channels;
  job.box = box;
  worker_.submit(std::move(job));
  req_model_ = A.model.get();
  req_box_ = box;
  req_plane_ = plane.id(arm);
  req_time_ = Clock::now();
}

void ManifoldLayer::draw(ImDrawList* dl, const Xform& xf) const {
  dl->AddImage(tex_.imgui_id(), xf.to_screen(box_.x0, box_.y1), xf.to_screen(box_.x1, box_.y0), ImVec2(0, 0),
               ImVec2(1, 1), IM_COL32(255, 255, 255, 215));
}

}  // namespace app
