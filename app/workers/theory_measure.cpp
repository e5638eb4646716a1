#include "app/workers/theory_measure.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "app/platform/thread_cpu.h"
#include "core/error.h"
#include "core/latent/exact_eval.h"
#include "core/latent/grad_variance.h"

namespace app {
namespace {

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

int first_vae(const ll::Snapshot& s) {
  for (size_t i = 0; i < s.arms.size(); ++i)
    if (s.arms[i].arm.kind == ll::ModelKind::Vae && s.arms[i].model) return int(i);
  return -1;
}

}  // namespace

TheoryMeasure::TheoryMeasure() : worker_("ll-theory", [this](Job& j) { return measure(j); }) {}

std::optional<TheoryMeasure::Result> TheoryMeasure::measure(Job& job) {
  Result r;
  r.generation = job.generation;
  TheoryPoint& p = r.point;
  p.step = job.step;
  p.epoch = job.epoch;
  const ll::Model& m = *job.model;
  const ll::Split& test = job.data->test;
  const double cpu0 = this_thread_cpu_ms();
  try {
    if (job.exact) {
      const auto t0 = std::chrono::steady_clock::now();
      const size_t n = std::min<size_t>(kExactImages, test.count);
      // The same seed every round: the IWAE curve moves with the model, not with the draws.
      const ll::ExactEvalStats e = ll::exact_eval(m, test.pixels.data(), n, {}, job.iwae_k, 1, [this](size_t, size_t) {
        if (cancel_) throw ll::Error("the app is closing");
      });
      p.exact = true;
      p.exact_images = e.count;
      p.iwae_k = e.iwae_k;
      p.log_px = -e.nll_exact;
      p.elbo = -e.neg_elbo;
      p.iwae = job.iwae_k > 0 ? -e.nll_iwae : NAN;
      p.identity_error = e.identity_error;
      p.exact_ms = ms_since(t0);
    }
    if (job.exact) {
      p.cpu_ms = this_thread_cpu_ms() - cpu0;
      return r;
    }
    const auto t1 = std::chrono::steady_clock::now();
    const int b = int(std::min<size_t>(kGradImages, test.count));
    const ll::GradVariance g = ll::gradient_variance(m, test.pixels.data(), b, kDraws, 1);
    p.grad = true;
    p.draws = g.draws;
    p.batch = g.batch;
    p.reparam = g.reparam;
    p.score = g.score;
    p.baseline = g.score_baseline;
    p.grad_ms = ms_since(t1);
    p.cpu_ms = this_thread_cpu_ms() - cpu0;
  } catch (const std::exception& ex) {
    r.error = ex.what();
  }
  return r;
}

void TheoryMeasure::update(const ll::Snapshot& live, double now_s, Events& events, bool wanted) {
  // New models (a Reset, another dataset or size) start a new history.
  const int arm = first_vae(live);
  std::string key = live.config.data + "|" + std::to_string(live.config.model.latent) + "|" +
                    ll::format_int_list(live.config.model.hidden) + "|" + std::to_string(live.config.seed);
  if (arm >= 0) key += "|" + live.arms[size_t(arm)].name;
  const bool restarted = !history_.empty() && live.step < history_.back().step;
  if (key != key_ || restarted || arm != arm_) {
    key_ = key;
    arm_ = arm;
    ++generation_;
    history_.clear();
    error_.clear();
    submitted_step_ = -1;
    submitted_at_ = -1e9;
    next_exact_ = false;
  }
  if (std::optional<Result> r = worker_.take(); r && r->generation == generation_) {
    if (!r->error.empty()) {
      error_ = r->error;
    } else {
      const TheoryPoint& p = r->point;
      error_.clear();
      history_.push_back(p);
      interval_s_ = std::max(live.views.collapse_every_ms / 1000.0, kDutyFactor * p.cpu_ms / 1000.0);
      if (p.grad)
        events.say("GRADVAR reparam=%.6g score=%.6g baseline=%.6g step=%lld ms=%.0f cpu_ms=%.0f", p.reparam,
                   p.score, p.baseline, (long long)p.step, p.grad_ms, p.cpu_ms);
      if (p.exact)
        events.say("THEORY step=%lld log_px=%.4f iwae=%.4f elbo=%.4f identity_error=%.4f ms=%.0f cpu_ms=%.0f",
                   (long long)p.step, p.log_px, p.iwae, p.elbo, p.identity_error, p.exact_ms, p.cpu_ms);
    }
  }
  if (!wanted || arm < 0 || !live.data || live.data->test.count < 2 || live.views.collapse_every_ms <= 0) return;
  // Paused: one round of each part for the step, then nothing new to measure.
  if ((live.step == submitted_step_ && !next_exact_) || worker_.busy()) return;
  if (now_s - submitted_at_ < interval_s_) return;
  Job j;
  j.model = live.arms[size_t(arm)].model;
  j.data = live.data;
  j.step = live.step;
  j.epoch = live.epoch;
  j.iwae_k = live.views.iwae_k;
  j.generation = generation_;
  j.exact = next_exact_;
  // The exact part only where a grid over z is affordable.
  next_exact_ = !next_exact_ && live.config.model.latent <= 2;
  worker_.submit(std::move(j));
  submitted_step_ = live.step;
  submitted_at_ = now_s;
}

}  // namespace app
