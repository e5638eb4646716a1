#include "app/workers/sample_worker.h"

#include <algorithm>
#include <chrono>

#include "core/features/sample_quality.h"

namespace app {

SampleWorker::SampleWorker() : worker_("ll-samples", [this](Job& job) { return measure(job); }) {}

bool SampleWorker::due() const { return due_at_ >= 0 && worker_clock_s() >= due_at_ && !measuring(); }

const std::vector<FdPoint>& SampleWorker::history(const std::string& arm, ll::Sampler k) const {
  static const std::vector<FdPoint> none;
  auto it = history_.find(arm + "|" + ll::to_string(k));
  return it == history_.end() ? none : it->second;
}

void SampleWorker::update(const ll::Snapshot& s, int64_t live_step, const std::shared_ptr<const Features>& f,
                          ll::Sampler kind, bool wanted, double interval_s, Events& events) {
  // Other data, latent size or models: neither the grids nor the history belong to them.
  std::string key = std::to_string(reinterpret_cast<uintptr_t>(s.data.get())) + "|" +
                    std::to_string(s.config.model.latent) + "|" + std::to_string(s.config.seed);
  for (const ll::ArmSnapshot& a : s.arms) key += "|" + a.name;
  if (key != shown_key_ || live_step < last_live_step_) {
    arms_.clear();
    history_.clear();
    submitted_models_.clear();
    shown_key_ = key;
  }
  last_live_step_ = live_step;

  if (std::optional<Result> r = worker_.take(); r && r->key == key) {
    error_ = r->error;
    last_ms_ = r->ms;
    if (r->error.empty() && r->kind == kind) {
      arms_.resize(r->arms.size());
      for (size_t i = 0; i < r->arms.size(); ++i) {
        ArmResult& a = r->arms[i];
        SampleArmView& v = arms_[i];
        v.valid = true;
        v.kind = r->kind;
        v.fd = a.fd.fd;
        v.floor = a.fd.floor;
        v.samples = a.fd.samples;
        v.reference = a.fd.reference;
        v.fit_codes = a.fd.fit_codes;
        v.gmm_iterations = a.fd.gmm_iterations;
        v.latent = int(a.fd.z.size() / std::max<size_t>(1, a.fd.samples));
        v.z.assign(a.fd.z.begin(), a.fd.z.begin() + size_t(a.count) * v.latent);
        v.step = r->step;
        v.ms = r->ms;
        if (s.data)
          v.atlas.set(a.grid, a.count, kGridCols, s.data->height, s.data->width, 1, false);
        // The history keeps one value per step, in step order (a timeline frame lands in its place).
        std::vector<FdPoint>& h = history_[r->names[i] + "|" + ll::to_string(r->kind)];
        auto at = std::lower_bound(h.begin(), h.end(), r->step, [](const FdPoint& p, int64_t st) { return p.step < st; });
        if (at != h.end() && at->step == r->step)
          *at = FdPoint{r->step, v.fd, v.floor};
        else
          h.insert(at, FdPoint{r->step, v.fd, v.floor});
        events.say("SAMPLES model=%s sampler=%s fd=%.4f floor=%.4f n=%zu step=%lld ms=%.0f", r->names[i].c_str(),
                   ll::to_string(r->kind), v.fd, v.floor, v.samples, (long long)r->step, r->ms);
      }
    } else if (!r->error.empty()) {
      events.say("SAMPLES error=%s", r->error.c_str());
    }
  }

  due_at_ = -1;
  if (!wanted || !f || f->data != s.data || s.arms.empty()) return;
  std::vector<std::shared_ptr<const ll::Model>> models;
  for (const ll::ArmSnapshot& a : s.arms) {
    if (!a.model) return;
    models.push_back(a.model);
  }
  const bool person = kind != submitted_kind_ || submitted_models_.empty();
  if (!person && same_models(submitted_models_, models)) return;
  if (kind != submitted_kind_) arms_.clear();  // the grids shown belong to the chosen sampler only
  // New models arrive ten times a second while training: a round every interval, and never
  // more than a third of one core (the machine's other core is the trainer's).
  const double wait = person ? 0.2 : std::max(interval_s, 3 * last_ms_ / 1000);
  due_at_ = submitted_at_ + wait;
  if (worker_clock_s() < due_at_ || measuring()) return;
  due_at_ = -1;
  Job job;
  job.key = key;
  job.features = f;
  job.models = models;
  for (const ll::ArmSnapshot& a : s.arms) job.names.push_back(a.name);
  job.kind = kind;
  job.step = s.step;
  worker_.submit(std::move(job));
  submitted_models_ = refs_of(models);
  submitted_kind_ = kind;
  submitted_at_ = worker_clock_s();
}

std::optional<SampleWorker::Result> SampleWorker::measure(Job& job) {
  const auto t0 = std::chrono::steady_clock::now();
  Result r;
  r.key = job.key;
  r.names = job.names;
  r.kind = job.kind;
  r.step = job.step;
  try {
    const ll::Dataset& d = *job.features->data;
    ll::SamplerFdOptions opt;
    opt.samples = kSamples;
    opt.fit_codes = kFitCodes;
    opt.keep_images = kGridCount;
    opt.cancel = &cancel_;
    for (const auto& m : job.models) {
      ArmResult a;
      // The same seed every round: the prior's draws stay put, so the grid shows the same
      // codes decoded by the model as it trains.
      a.fd = ll::sampler_fd(*m, d, job.features->space, job.features->ref, job.kind, opt);
      a.count = int(a.fd.images.size() / d.image_size());
      a.grid = ll::io::compose_grid(a.fd.images.data(), a.count, d.height, d.width, d.channels, kGridCols, 1);
      r.arms.push_back(std::move(a));
    }
  } catch (const std::exception& e) {
    r.arms.clear();
    r.error = e.what();
  }
  r.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace app
