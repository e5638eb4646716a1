#pragma once
// The parts of `latentlab-cli eval` that the 2-D latent space makes computable: the exact
// evidence with the two gaps of the ELBO (--exact), and the variance of the encoder's gradient
// by the reparameterized and the score-function estimators (--grad-variance). Each prints its
// lines, one thing each, and adds its fields to the model's JSON object.
#include <cstddef>
#include <cstdint>

#include "cli/command_line.h"
#include "core/io/json.h"
#include "core/vae/model.h"

namespace ll::cli {

// Before any work: throws ll::Error, one line saying why, when a flag asks for what this model
// has not (an AE, or a latent size above 2, for --exact; an AE for --grad-variance).
void check_theory_flags(const Model& m, const EvalOptions& o);

// How many of `available` test images the per-image estimates use (--images; its default is
// all of them, or 1,000 with --exact).
size_t per_image_count(const EvalOptions& o, size_t available);

// pixels: (count, D), the first `count` test images. iwae (NaN: not asked) is the IWAE bound
// already measured on the same images, reported beside the exact value as −nll_iwae.
void add_exact(const Model& m, const uint8_t* pixels, size_t count, double iwae, int iwae_k,
               io::Json& model);

// pixels: (count, D) test images; the batch is the first 128 of them.
void add_grad_variance(const Model& m, const uint8_t* pixels, size_t count, int draws,
                       io::Json& model);

}  // namespace ll::cli
