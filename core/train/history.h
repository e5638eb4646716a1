#pragma once
// The run's past, for the timeline: a bounded, thinned list of frames. Each frame is what the
// views need to show a past step — the model's weights (the decoder for the manifold and the
// cursor, the encoder for the Draw tab's drawing), the latent codes of the test subset (the
// scatter), the reconstructions and the last collapse diagnostics (a few numbers per latent
// dimension) — not Adam's state.
//
// Thinning: a frame is taken when `interval` steps have passed since the last; when the list is
// full, every other frame is dropped and the interval doubles, so the spacing grows geometrically with the run and the
// start (where the space forms fastest) stays as dense as the end. Weights are stored as int8
// in blocks of 64 with a scale each (core/nn/int8_blocks.h), 1.06 bytes a weight: a visual
// copy in about half bfloat16's bytes, so the budget holds as many frames in half the memory;
// the byte budget holds however long the run.
#include <cstdint>
#include <memory>
#include <vector>

#include "core/latent/diagnostics.h"
#include "core/nn/int8_blocks.h"
#include "core/vae/model.h"

namespace ll {

struct HistoryArm {
  ModelConfig config;              // the full model's config
  Int8Blocks params;               // the model's flat parameter buffer, int8 in blocks
  std::vector<float> codes_mu;     // (codes, L)
  std::vector<float> codes_logvar; // (codes, L)
  std::vector<uint8_t> recon;      // (examples, D) reconstructions, 0..255
  // The collapse diagnostics the trainer had when the frame was taken (measured every few
  // seconds, so at collapse_step ≤ the frame's step; -1: none yet).
  int64_t collapse_step = -1;
  CollapseStats collapse;

  // A Model holding these weights (rounded to int8 blocks: a visual copy, not a bit copy).
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
  // 56 MiB: with whole models (~1.4 MB a frame for 784-400-2, VAE and AE, and 2,000 codes)
  // about 40 frames, enough for the timeline to show the space forming over a whole run (it
  // was 96 MiB for ~37 bfloat16 frames; docs/performance.md, Memory).
  explicit History(size_t budget_bytes = size_t(56) << 20, size_t max_frames = 64);

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
