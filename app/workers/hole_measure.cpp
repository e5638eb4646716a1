#include "app/workers/hole_measure.h"

#include <algorithm>
#include <chrono>

#include "core/features/sample_quality.h"
#include "core/latent/grid.h"
#include "core/latent/hole_slice.h"
#include "core/latent/holes.h"

namespace app {
namespace {

// The tiles as RGB with the holes tinted: a red wash and a red frame, so a hole reads as one
// even where the decoded image is dark.
// images: (G², D), hole: (G²).
ll::io::Image tinted_atlas(const float* images, const std::vector<uint8_t>& holes, int G, const ll::Dataset& d) {
  const int H = d.height, W = d.width, C = d.channels;
  const int P = G * G;
  ll::io::Image gray = ll::io::compose_grid(images, P, H, W, C, G, 0);
  ll::io::Image out;
  out.width = gray.width;
  out.height = gray.height;
  out.channels = 3;
  out.pixels.resize(size_t(out.width) * out.height * 3);
  for (int y = 0; y < out.height; ++y)
    for (int x = 0; x < out.width; ++x) {
      const int tile = (y / H) * G + x / W;
      const bool hole = tile < P && holes[size_t(tile)];
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

bool HoleMeasure::due() const { return due_at_ >= 0 && worker_clock_s() >= due_at_ && !measuring(); }

bool HoleMeasure::measuring() const { return worker_.busy(); }

void HoleMeasure::update(const ll::Snapshot& s, const MapPlane& plane, const std::shared_ptr<const Features>& features,
                         bool pixel_rule, double interval_s) {
  const bool feature = !pixel_rule && features && features->data == s.data;
  // New data, a new latent size or other kinds of model: what was measured no longer
  // belongs to these maps (new models of the same shape keep showing the last rate until
  // theirs lands).
  std::string key = std::to_string(reinterpret_cast<uintptr_t>(s.data.get())) + "|" +
                    std::to_string(s.config.model.latent);
  for (const ll::ArmSnapshot& a : s.arms) key += a.arm.kind == ll::ModelKind::Vae ? "|v" : "|a";
  key += feature ? "|features" : "|pixels";
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
        v.feature = r->feature;
        v.rate = a.rate;
        v.prior_rate = a.prior_rate;
        v.prior_points = a.prior_points;
        v.tile_rate = a.tile_rate;
        v.points = a.points;
        v.grid = a.grid;
        v.box = a.box;
        v.plane_id = a.plane_id;
        v.family = a.family;
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
  std::vector<uint64_t> planes;
  for (size_t i = 0; i < s.arms.size(); ++i) planes.push_back(plane.id(i));
  // A principal plane refitted while training moves with the models: measured at their pace.
  // A slice (or the plane kind) the person changed is worth a sooner measurement.
  const bool plane_changed = L > 2 && planes != submitted_planes_;
  const bool slice_changed = plane_changed && !(plane.pca() && submitted_pca_);
  const bool changed = !same_models(submitted_models_, models) || s.data.get() != submitted_data_ || plane_changed ||
                       feature != submitted_feature_;
  due_at_ = -1;
  if (!changed) return;
  // New models arrive ten times a second while training: measure every few seconds. A
  // change the person made (the slice, a timeline frame) is worth a sooner measurement.
  const double t = worker_clock_s();
  const bool person = slice_changed || arms_.empty() || submitted_data_ != s.data.get() || feature != submitted_feature_;
  due_at_ = submitted_at_ + (person ? 0.3 : interval_s);
  if (t < due_at_ || measuring()) return;
  due_at_ = -1;

  Job job;
  job.key = key;
  job.data = s.data;
  if (feature) job.features = features;
  job.latent = L;
  job.step = s.step;
  for (size_t i = 0; i < s.arms.size(); ++i) {
    JobArm ja;
    ja.model = s.arms[i].model;
    ja.codes.assign(s.arms[i].codes_mu.begin(), s.arms[i].codes_mu.begin() + s.code_index.size() * size_t(L));
    ja.plane = plane.of(i);
    ja.plane_id = plane.id(i);
    ja.family = plane.family(i);
    ja.whole = plane.whole_space(i);
    job.arms.push_back(std::move(ja));
  }
  worker_.submit(std::move(job));
  submitted_models_ = refs_of(models);
  submitted_planes_ = std::move(planes);
  submitted_pca_ = plane.pca();
  submitted_data_ = s.data.get();
  submitted_feature_ = feature;
  submitted_at_ = t;
}

HoleMeasure::Result HoleMeasure::measure(const Job& job) {
  Result r;
  r.key = job.key;
  r.step = job.step;
  r.feature = job.features != nullptr;
  if (r.feature) {
    r.threshold = job.features->ref.hole_threshold;
    r.threshold_images = job.features->ref.threshold_count;
    for (const JobArm& a : job.arms) r.arms.push_back(measure_features(job, a));
    return r;
  }
  if (thr_data_ != job.data) {
    const ll::HoleThreshold t = ll::hole_threshold(*job.data);
    thr_data_ = job.data;
    thr_mse_ = t.mse;
    thr_count_ = t.test_count;
  }
  r.threshold = thr_mse_;
  r.threshold_images = thr_count_;
  for (const JobArm& a : job.arms) r.arms.push_back(measure_pixels(job, a));
  return r;
}

HoleMeasure::ArmResult HoleMeasure::measure_pixels(const Job& job, const JobArm& a) {
  const ll::Dataset& d = *job.data;
  const int L = job.latent;
  ArmResult out;
  out.model = a.model.get();
  const size_t n = a.codes.size() / size_t(L);
  const ll::LatentRange range = ll::code_range(a.codes.data(), n, L, 0.01);
  ll::HoleOptions opt;  // 20×20 for 2-D, 400 random points otherwise: as the CLI
  const ll::HoleMap h = ll::hole_map(*a.model, d, thr_mse_, range, opt);
  out.rate = h.rate;
  out.points = int(h.count());
  out.plane_id = a.plane_id;
  out.family = a.family;
  if (a.whole) {
    out.grid = h.grid;
    out.box = ll::slice_box(range, 0, 1);
    out.tile_rate = h.rate;
    out.atlas = tinted_atlas(h.images.data(), h.hole, h.grid, d);
  } else if (L >= 2) {
    const ll::LatentBox box = tile_box(a, L);
    const ll::HoleMap t = ll::plane_hole_map(*a.model, d, thr_mse_, a.plane, box, kSliceGrid);
    out.grid = t.grid;
    out.box = box;
    out.tile_rate = t.rate;
    out.atlas = tinted_atlas(t.images.data(), t.hole, t.grid, d);
  }
  return out;
}

HoleMeasure::ArmResult HoleMeasure::measure_features(const Job& job, const JobArm& a) const {
  const ll::Dataset& d = *job.data;
  const Features& f = *job.features;
  const int L = job.latent;
  ArmResult out;
  out.model = a.model.get();
  const size_t n = a.codes.size() / size_t(L);
  const ll::LatentRange range = ll::code_range(a.codes.data(), n, L, 0.01);
  ll::HoleOptions opt;  // the pixel rule's points, so the two rates are over the same region
  const std::vector<float> z = ll::hole_points(L, range, opt);
  const size_t P = z.size() / size_t(L);
  const ll::FeatureHoles h = ll::feature_holes(*a.model, f.space, f.ref, z.data(), P);
  out.rate = h.rate;
  out.points = int(P);
  const std::vector<float> zp = ll::prior_points(L, kPriorPoints, 0x4017e5);  // the CLI's seed
  out.prior_rate = ll::feature_holes(*a.model, f.space, f.ref, zp.data(), kPriorPoints).rate;
  out.prior_points = kPriorPoints;
  out.plane_id = a.plane_id;
  out.family = a.family;
  if (a.whole) {
    out.grid = opt.grid;
    out.box = ll::slice_box(range, 0, 1);
    out.tile_rate = h.rate;
    out.atlas = tinted_atlas(h.images.data(), h.hole, opt.grid, d);
  } else if (L >= 2) {
    const ll::LatentBox box = tile_box(a, L);
    const std::vector<float> zs = a.plane.grid(kSliceGrid, kSliceGrid, box);
    const ll::FeatureHoles t = ll::feature_holes(*a.model, f.space, f.ref, zs.data(), zs.size() / size_t(L));
    out.grid = kSliceGrid;
    out.box = box;
    out.tile_rate = t.rate;
    out.atlas = tinted_atlas(t.images.data(), t.hole, kSliceGrid, d);
  }
  return out;
}

ll::LatentBox HoleMeasure::tile_box(const JobArm& a, int latent) {
  const size_t n = a.codes.size() / size_t(latent);
  std::vector<float> xy;
  a.plane.project_all(a.codes.data(), n, xy);
  // code_range's percentiles of the plane coordinates: a slice's are exactly z[dx], z[dy],
  // so there this is slice_box(code_range(codes), dx, dy), the box the slice always had.
  return ll::slice_box(ll::code_range(xy.data(), n, 2, 0.01), 0, 1);
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
