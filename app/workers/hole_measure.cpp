#include "app/workers/hole_measure.h"

#include <algorithm>
#include <chrono>

#include "core/latent/hole_slice.h"
#include "core/latent/holes.h"

namespace app {
namespace {

double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// The tiles as RGB with the holes tinted: a red wash and a red frame, so a hole reads as one
// even where the decoded image is dark.
ll::io::Image tinted_atlas(const ll::HoleMap& h, const ll::Dataset& d) {
  const int H = d.height, W = d.width, C = d.channels, G = h.grid;
  const int P = G * G;
  ll::io::Image gray = ll::io::compose_grid(h.images.data(), P, H, W, C, G, 0);
  ll::io::Image out;
  out.width = gray.width;
  out.height = gray.height;
  out.channels = 3;
  out.pixels.resize(size_t(out.width) * out.height * 3);
  for (int y = 0; y < out.height; ++y)
    for (int x = 0; x < out.width; ++x) {
      const int tile = (y / H) * G + x / W;
      const bool hole = tile < P && h.hole[size_t(tile)];
      const bool edge = x % W == 0 || y % H == 0 || x % W == W - 1 || y % H == H - 1;
      const uint8_t* g = &gray.pixels[(size_t(y) * gray.width + x) * C];
      uint8_t* o = &out.pixels[(size_t(y) * out.width + x) * 3];
      for (int k = 0; k < 3; ++k) o[k] = g[C == 3 ? k : 0];
      if (!hole) continue;
      if (edge) {
        o[0] = 235, o[1] = 40, o[2] = 40;
      } else {
        o[0] = uint8_t(std::min(255, int(o[0] * 0.55f + 0.45f * 255)));
        o[1] = uint8_t(o[1] * 0.5f);
        o[2] = uint8_t(o[2] * 0.5f);
      }
    }
  return out;
}

}  // namespace

// A measurement may wait; training and drawing should not (the worker runs niced).
HoleMeasure::HoleMeasure() : worker_("ll-holes", [this](Job& job) { return timed_measure(job); }) {}

bool HoleMeasure::has_result() const { return worker_.has_result(); }

bool HoleMeasure::due() const { return due_at_ >= 0 && now_s() >= due_at_ && !measuring(); }

bool HoleMeasure::measuring() const { return worker_.busy(); }

void HoleMeasure::update(const ll::Snapshot& s, const Slice& slice, double interval_s) {
  // New data, a new latent size or other kinds of model: what was measured no longer
  // belongs to these maps (new models of the same shape keep showing the last rate until
  // theirs lands).
  std::string key = std::to_string(reinterpret_cast<uintptr_t>(s.data.get())) + "|" +
                    std::to_string(s.config.model.latent);
  for (const ll::ArmSnapshot& a : s.arms) key += a.arm.kind == ll::ModelKind::Vae ? "|v" : "|a";
  if (key != shown_key_) {
    arms_.clear();
    shown_key_ = key;
  }
  if (s.data.get() != submitted_data_) threshold_ = 0, threshold_images_ = 0;

  std::optional<Result> r = worker_.take();
  if (r && r->key != key) r.reset();  // measured for other data or models than these
  if (r) {
    error_ = r->error;
    last_ms_ = r->ms;
    if (r->threshold > 0) {
      threshold_ = r->threshold;
      threshold_images_ = r->threshold_images;
    }
    if (r->error.empty()) {
      arms_.resize(r->arms.size());
      for (size_t i = 0; i < r->arms.size(); ++i) {
        ArmResult& a = r->arms[i];
        HoleArmView& v = arms_[i];
        v.valid = true;
        v.rate = a.rate;
        v.tile_rate = a.tile_rate;
        v.points = a.points;
        v.grid = a.grid;
        v.box = a.box;
        v.dims[0] = r->d0;
        v.dims[1] = r->d1;
        v.step = r->step;
        v.model = a.model;
        v.tiles.upload(a.atlas.pixels.data(), a.atlas.width, a.atlas.height, a.atlas.channels, false);
      }
    }
  }

  const int L = s.config.model.latent;
  if (!s.data || s.arms.empty() || L < 1 || s.code_index.empty()) return;
  std::vector<std::shared_ptr<const ll::Model>> models;
  for (const ll::ArmSnapshot& a : s.arms) {
    if (!a.model || a.codes_mu.size() < s.code_index.size() * size_t(L)) return;  // views not ready
    models.push_back(a.model);
  }
  std::vector<float> base;
  slice.point(s, 0, 0.f, 0.f, base);
  const bool slice_changed = L > 2 && (slice.dims[0] != submitted_dims_[0] || slice.dims[1] != submitted_dims_[1] ||
                                       base != submitted_base_);
  const bool changed = models != submitted_models_ || s.data.get() != submitted_data_ || slice_changed;
  due_at_ = -1;
  if (!changed) return;
  // New models arrive ten times a second while training: measure every few seconds. A
  // change the person made (the slice, a timeline frame) is worth a sooner measurement.
  const double t = now_s();
  const bool person = slice_changed || arms_.empty() || submitted_data_ != s.data.get();
  due_at_ = submitted_at_ + (person ? 0.3 : interval_s);
  if (t < due_at_ || measuring()) return;
  due_at_ = -1;

  Job job;
  job.key = key;
  job.data = s.data;
  job.latent = L;
  job.d0 = slice.dims[0];
  job.d1 = slice.dims[1];
  job.step = s.step;
  for (size_t i = 0; i < s.arms.size(); ++i) {
    JobArm ja;
    ja.model = s.arms[i].model;
    ja.codes.assign(s.arms[i].codes_mu.begin(), s.arms[i].codes_mu.begin() + s.code_index.size() * size_t(L));
    slice.point(s, i, 0.f, 0.f, ja.base);
    job.arms.push_back(std::move(ja));
  }
  worker_.submit(std::move(job));
  submitted_models_ = std::move(models);
  submitted_dims_[0] = slice.dims[0];
  submitted_dims_[1] = slice.dims[1];
  submitted_base_ = std::move(base);
  submitted_data_ = s.data.get();
  submitted_at_ = t;
}

HoleMeasure::Result HoleMeasure::measure(const Job& job) {
  Result r;
  r.key = job.key;
  r.d0 = job.d0;
  r.d1 = job.d1;
  r.step = job.step;
  const ll::Dataset& d = *job.data;
  if (thr_data_ != job.data) {
    const ll::HoleThreshold t = ll::hole_threshold(d);
    thr_data_ = job.data;
    thr_mse_ = t.mse;
    thr_count_ = t.test_count;
  }
  r.threshold = thr_mse_;
  r.threshold_images = thr_count_;
  const int L = job.latent;
  for (const JobArm& a : job.arms) {
    ArmResult out;
    out.model = a.model.get();
    const size_t n = a.codes.size() / size_t(L);
    const ll::LatentRange range = ll::code_range(a.codes.data(), n, L, 0.01);
    ll::HoleOptions opt;  // 20×20 for 2-D, 400 random points otherwise: as the CLI
    const ll::HoleMap h = ll::hole_map(*a.model, d, thr_mse_, range, opt);
    out.rate = h.rate;
    out.points = int(h.count());
    if (L == 2 && job.d0 == 0 && job.d1 == 1) {
      out.grid = h.grid;
      out.box = ll::slice_box(range, 0, 1);
      out.tile_rate = h.rate;
      out.atlas = tinted_atlas(h, d);
    } else if (L >= 2) {
      const ll::LatentBox box = ll::slice_box(range, job.d0, job.d1);
      const ll::HoleMap t = ll::slice_hole_map(*a.model, d, thr_mse_, box, job.d0, job.d1, a.base, 16);
      out.grid = t.grid;
      out.box = box;
      out.tile_rate = t.rate;
      out.atlas = tinted_atlas(t, d);
    }
    r.arms.push_back(std::move(out));
  }
  return r;
}

std::optional<HoleMeasure::Result> HoleMeasure::timed_measure(Job& job) {
  const auto t0 = std::chrono::steady_clock::now();
  Result r;
  try {
    r = measure(job);
  } catch (const std::exception& e) {
    r = Result{};
    r.key = job.key;
    r.error = e.what();
  }
  r.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace app
