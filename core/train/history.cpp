#include "core/train/history.h"

#include <algorithm>
#include <cmath>

namespace ll {

std::shared_ptr<const Model> HistoryArm::model() const {
  auto m = std::make_shared<Model>(config);
  params.decode(m->params().data());
  return m;
}

size_t HistoryArm::bytes() const {
  return params.bytes() + (codes_mu.size() + codes_logvar.size()) * 4 + recon.size() +
         (collapse.kl_per_dim.size() + collapse.mu_variance.size()) * 8 + sizeof(HistoryArm);
}

size_t HistoryFrame::bytes() const {
  size_t b = sizeof(HistoryFrame);
  for (const HistoryArm& a : arms) b += a.bytes();
  return b;
}

History::History(size_t budget_bytes, size_t max_frames)
    : budget_(budget_bytes), max_frames_(std::max<size_t>(4, max_frames)) {}

bool History::wants(int64_t step) const {
  return frames_.empty() || step >= frames_.back()->step + interval_;
}

void History::add(std::shared_ptr<const HistoryFrame> frame) {
  if (!frame || !wants(frame->step)) return;
  if (!frames_.empty() && frames_.back()->step >= frame->step) return;
  bytes_ += frame->bytes();
  frames_.push_back(std::move(frame));
  while (frames_.size() > max_frames_ || (bytes_ > budget_ && frames_.size() > 1)) thin();
}

void History::thin() {
  // Keep every other frame (always the first) and double the spacing of frames to come.
  // Frames arrive whenever the views refresh, not on exact multiples, so this works on indices.
  interval_ *= 2;
  std::vector<std::shared_ptr<const HistoryFrame>> kept;
  size_t bytes = 0;
  for (size_t i = 0; i < frames_.size(); i += 2) {
    bytes += frames_[i]->bytes();
    kept.push_back(std::move(frames_[i]));
  }
  // A budget too small for even the spaced-out frames: drop from the middle until it fits.
  while (bytes > budget_ && kept.size() > 1) {
    const size_t mid = kept.size() / 2;
    bytes -= kept[mid]->bytes();
    kept.erase(kept.begin() + long(mid));
  }
  frames_ = std::move(kept);
  bytes_ = bytes;
}

void History::clear() {
  frames_.clear();
  bytes_ = 0;
  interval_ = 1;
}

HistoryArm History::capture(const Model& m, const std::vector<float>& codes_mu,
                            const std::vector<float>& codes_logvar, const std::vector<float>& recon,
                            const CollapseStats& collapse, int64_t collapse_step) {
  HistoryArm a;
  a.config = m.config();
  a.params = Int8Blocks::encode(m.params().data(), m.params().size());
  a.codes_mu = codes_mu;
  a.codes_logvar = codes_logvar;
  a.recon.resize(recon.size());
  for (size_t i = 0; i < recon.size(); ++i)
    a.recon[i] = uint8_t(std::lround(std::clamp(recon[i], 0.f, 1.f) * 255.f));
  a.collapse_step = collapse_step;
  if (collapse_step >= 0) a.collapse = collapse;
  return a;
}

}  // namespace ll
