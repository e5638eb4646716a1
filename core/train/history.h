#pragma once
// The run's past, for the timeline: a bounded, thinned list of frames. Each frame is what the
// views need to show a past step — the model's weights (the decoder for the manifold and the
// cursor, the encoder for the Draw tab's drawing), the latent codes of the test subset (the
// scatter), the reconstructions and the last collapse diagnostics (a few numbers per latent
// dimension) — not Adam's state.
//
// Thinning: a frame is taken when `interval` steps have passed since the last; when the list is
// full, every other frame is dropped and the interval doubles, so the spacing grows geometrically with the run and the
// start (where the space forms fastest) stays as dense as the end. Weights are stored as
// bfloat16, halving the bytes per frame; the byte budget holds however long the run.
#include <cstdint>
#include <memory>
#include <vector>

#include "core/latent/diagnostics.h"
#include "core/vae/model.h"

namespace ll {

struct HistoryArm {
  ModelConfig config;              // the full model's config
  std::vector<uint16_t> params;    // bfloat16 copy of the model's flat parameter buffer
  std::vector<float> codes_mu;     // (codes, L)
  std::vector<float> codes_logvar; // (codes, L)
  std::vector<uint8_t> recon;      // (examples, D) reconstructions, 0..255
  // The collapse diagnostics the trainer had when the frame was taken (measured every few
  // seconds, so at collapse_step ≤ the frame's step; -1: none yet).
  int64_t collapse_step = -1;
  CollapseStats collapse;

  // A Model holding these weights (rounded to bfloat16: a visual copy, not a bit copy).
  std::shared_ptr<const Model> model() const;
  size_t bytes() const;
};

struct HistoryFrame {
  int64_t step = 0;
  double epoch = 0;
  std::vector<HistoryArm> arms;
  size_t bytes() const;
};

class History {
 public:
  // budget: bytes the frames may take in all; max_frames: the list length that triggers thinning.
  // 96 MiB: with whole models (~2.6 MB a frame for 784-400-2, VAE and AE) about 37 frames,
  // enough for the timeline to show the space forming over a whole run.
  explicit History(size_t budget_bytes = size_t(96) << 20, size_t max_frames = 64);

  // Whether a frame at `step` would be kept; ask before building one (it costs a copy).
  bool wants(int64_t step) const;
  void add(std::shared_ptr<const HistoryFrame> frame);
  void clear();

  const std::vector<std::shared_ptr<const HistoryFrame>>& frames() const { return frames_; }
  size_t bytes() const { return bytes_; }
  int64_t interval() const { return interval_; }

  // One arm's frame data from a model and its view arrays (the trainer's publish path).
  static HistoryArm capture(const Model& m, const std::vector<float>& codes_mu,
                            const std::vector<float>& codes_logvar, const std::vector<float>& recon,
                            const CollapseStats& collapse = {}, int64_t collapse_step = -1);

 private:
  void thin();
  size_t budget_, max_frames_;
  int64_t interval_ = 1;
  size_t bytes_ = 0;
  std::vector<std::shared_ptr<const HistoryFrame>> frames_;
};

}  // namespace ll
