#pragma once
// The small classifier whose penultimate activations are the data's feature space (the
// "Fréchet LeNet distance" idea for MNIST-like sets): an MLP D-256-128-C with ReLU, trained
// with Adam on the training split's labels. Every parameter lives in one flat buffer (layer by
// layer: weight (out, in) row-major, then bias (out)), as the VAE's do (core/vae/model.h).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/nn/buffer.h"

namespace ll {

struct ClassifierConfig {
  std::vector<int> hidden = {256, 128};  // the last is the feature width
  int epochs = 4;
  int batch = 128;
  float lr = 1e-3f;
  uint64_t seed = 1;
  // What identifies a trained classifier in the feature cache: every field above.
  std::string key() const;
};

struct Classifier {
  ClassifierConfig cfg;
  int input_dim = 0, classes = 0;
  FloatBuffer params;

  struct Slot { int in, out; size_t w, b; };
  std::vector<Slot> layers() const;  // hidden layers, then the output layer
  size_t param_count() const;
  int feature_dim() const { return cfg.hidden.back(); }
};

// A classifier of this shape with PyTorch nn.Linear's default init, U(−1/√in, 1/√in), drawn
// layer by layer from cfg.seed. Throws ll::Error on an empty or non-positive shape.
Classifier make_classifier(const ClassifierConfig& cfg, int input_dim, int classes);

// pixels: (n, D) uint8, labels: (n) in [0, classes) -> c trained for c.cfg.epochs epochs of
// seeded shuffled batches. Runs on the calling thread, its products with the caller's
// GemmThreads budget (core/nn/gemm.h); progress(done, total), when given, is called after
// every batch (total = epochs × batches) and stops the training by returning false. Throws
// ll::Error when the loss stops being finite or progress asked to stop.
void train_classifier(Classifier& c, const uint8_t* pixels, const int32_t* labels, size_t n,
                      const std::function<bool(size_t, size_t)>& progress = {});

// images: (n, D) floats in [0, 1] -> features: (n, feature_dim) the last hidden layer's
// activations, and probs: (n, classes) the softmax (either may be null).
void classify(const Classifier& c, const float* images, size_t n, float* features, float* probs);

// The fraction of the n images whose most probable class is their label.
double classifier_accuracy(const Classifier& c, const uint8_t* pixels, const int32_t* labels,
                           size_t n);

}  // namespace ll
