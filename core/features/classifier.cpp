#include "core/features/classifier.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/features/softmax_xent.h"
#include "core/nn/activation.h"
#include "core/nn/adam.h"
#include "core/nn/dense.h"
#include "core/nn/rng.h"
#include "core/vae/forward.h"

namespace ll {

std::string ClassifierConfig::key() const {
  std::string k = "mlp";
  for (int h : hidden) k += "-" + std::to_string(h);
  return k + " relu adam epochs=" + std::to_string(epochs) + " batch=" + std::to_string(batch) +
         " lr=" + std::to_string(lr) + " seed=" + std::to_string(seed);
}

std::vector<Classifier::Slot> Classifier::layers() const {
  std::vector<Slot> s;
  size_t off = 0;
  int in = input_dim;
  std::vector<int> outs = cfg.hidden;
  outs.push_back(classes);
  for (int out : outs) {
    s.push_back({in, out, off, off + size_t(out) * in});
    off += size_t(out) * in + out;
    in = out;
  }
  return s;
}

size_t Classifier::param_count() const {
  const auto s = layers();
  return s.back().b + s.back().out;
}

Classifier make_classifier(const ClassifierConfig& cfg, int input_dim, int classes) {
  if (input_dim < 1 || classes < 2 || cfg.hidden.empty() || cfg.batch < 1 || cfg.epochs < 0)
    throw Error("classifier: needs input size >= 1, >= 2 classes, a hidden layer and batch >= 1; got input " +
                std::to_string(input_dim) + ", " + std::to_string(classes) + " classes");
  for (int h : cfg.hidden)
    if (h < 1) throw Error("classifier: hidden width " + std::to_string(h) + ", expected >= 1");
  Classifier c{cfg, input_dim, classes, {}};
  c.params.assign(c.param_count(), 0.f);
  Rng rng(cfg.seed);
  for (const auto& l : c.layers()) {
    const float bound = 1.0f / std::sqrt(float(l.in));
    for (size_t i = 0; i < size_t(l.out) * l.in + l.out; ++i)
      c.params[l.w + i] = (2.f * rng.uniform() - 1.f) * bound;
  }
  return c;
}

namespace {

// x: (B, D) -> acts[i]: (B, width_i) post-ReLU for each hidden layer, logits: (B, C).
void forward(const Classifier& c, const float* x, int B, std::vector<FloatBuffer>& acts,
             FloatBuffer& logits) {
  const auto ls = c.layers();
  acts.resize(ls.size() - 1);
  const float* in = x;
  for (size_t i = 0; i + 1 < ls.size(); ++i) {
    acts[i].resize(size_t(B) * ls[i].out);
    dense_forward(in, B, ls[i].in, ls[i].out, &c.params[ls[i].w], &c.params[ls[i].b], acts[i].data());
    activation_forward(Activation::Relu, acts[i].data(), acts[i].size());
    in = acts[i].data();
  }
  logits.resize(size_t(B) * c.classes);
  dense_forward(in, B, ls.back().in, ls.back().out, &c.params[ls.back().w], &c.params[ls.back().b],
                logits.data());
}

}  // namespace

void train_classifier(Classifier& c, const uint8_t* pixels, const int32_t* labels, size_t n,
                      const std::function<bool(size_t, size_t)>& progress) {
  const auto ls = c.layers();
  const size_t D = size_t(c.input_dim);
  if (n == 0) return;
  const int B = int(std::min<size_t>(size_t(c.cfg.batch), n));
  FloatBuffer x(size_t(B) * D), logits, grads(c.params.size());
  std::vector<FloatBuffer> acts, dacts(ls.size() - 1);
  for (size_t i = 0; i + 1 < ls.size(); ++i) dacts[i].resize(size_t(B) * ls[i].out);
  FloatBuffer dlogits(size_t(B) * c.classes);
  std::vector<uint32_t> order(n);
  std::vector<int32_t> y(B);
  AdamState adam;
  adam.reset(c.params.size());
  AdamConfig acfg;
  acfg.lr = c.cfg.lr;
  Rng rng(c.cfg.seed ^ 0xc1a55f1e5ull);
  const size_t batches = n / size_t(B), total = batches * size_t(std::max(0, c.cfg.epochs));
  size_t done = 0;
  for (int e = 0; e < c.cfg.epochs; ++e) {
    for (size_t i = 0; i < n; ++i) order[i] = uint32_t(i);
    for (size_t i = n; i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
    // Only full batches: a last batch of a few images would weigh them B/few times too much.
    for (size_t start = 0; start + size_t(B) <= n; start += B) {
      gather_images(pixels, D, &order[start], B, x.data());
      for (int i = 0; i < B; ++i) y[i] = labels[order[start + i]];
      forward(c, x.data(), B, acts, logits);
      softmax_xent(logits.data(), y.data(), B, c.classes, dlogits.data());
      const float* dout = dlogits.data();
      for (size_t l = ls.size(); l-- > 0;) {
        const float* inp = l ? acts[l - 1].data() : x.data();
        float* dinp = l ? dacts[l - 1].data() : nullptr;
        dense_backward(dout, inp, B, ls[l].in, ls[l].out, &c.params[ls[l].w], &grads[ls[l].w],
                       &grads[ls[l].b], dinp);
        if (l) {
          activation_backward(Activation::Relu, acts[l - 1].data(), dinp, dacts[l - 1].size());
          dout = dinp;
        }
      }
      if (!adam_update(acfg, adam, c.params.data(), grads.data(), c.params.size()))
        throw Error("classifier: training diverged at epoch " + std::to_string(e + 1) +
                    " (a parameter is not finite)");
      if (progress && !progress(++done, total)) throw Error("classifier: training cancelled");
    }
  }
}

void classify(const Classifier& c, const float* images, size_t n, float* features, float* probs) {
  constexpr size_t kChunk = 512;
  std::vector<FloatBuffer> acts;
  FloatBuffer logits;
  const int F = c.feature_dim();
  for (size_t s = 0; s < n; s += kChunk) {
    const int B = int(std::min(kChunk, n - s));
    forward(c, images + s * c.input_dim, B, acts, logits);
    if (features) std::copy_n(acts.back().data(), size_t(B) * F, features + s * F);
    if (probs) softmax_rows(logits.data(), B, c.classes, probs + s * c.classes);
  }
}

double classifier_accuracy(const Classifier& c, const uint8_t* pixels, const int32_t* labels,
                           size_t n) {
  if (n == 0) return 0;
  constexpr size_t kChunk = 2048;
  std::vector<float> x, p;
  size_t right = 0;
  for (size_t s = 0; s < n; s += kChunk) {
    const size_t B = std::min(kChunk, n - s);
    x.resize(B * c.input_dim);
    p.resize(B * c.classes);
    pixels_to_floats(pixels + s * c.input_dim, B * c.input_dim, x.data());
    classify(c, x.data(), B, nullptr, p.data());
    for (size_t i = 0; i < B; ++i) {
      const float* row = &p[i * c.classes];
      right += int32_t(std::max_element(row, row + c.classes) - row) == labels[s + i];
    }
  }
  return double(right) / double(n);
}

}  // namespace ll
