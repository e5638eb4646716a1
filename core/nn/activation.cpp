#include "core/nn/activation.h"

#include <Eigen/Core>
#include <cmath>
#include <string>

#include "core/error.h"

namespace ll {

std::string_view to_string(Activation a) { return a == Activation::Relu ? "relu" : "tanh"; }

Activation parse_activation(std::string_view s) {
  if (s == "relu") return Activation::Relu;
  if (s == "tanh") return Activation::Tanh;
  throw Error("activation '" + std::string(s) + "': expected relu or tanh");
}

void activation_forward(Activation a, float* x, size_t n) {
  if (a == Activation::Relu) {
    for (size_t i = 0; i < n; ++i) x[i] = x[i] > 0.f ? x[i] : 0.f;
  } else {
    // Eigen's array tanh is vectorized (a rational approximation, within a few ulp); libm's
    // is a scalar call per element, far slower on a hidden layer.
    Eigen::Map<Eigen::ArrayXf> a(x, Eigen::Index(n));
    a = a.tanh();
  }
}

void activation_backward(Activation a, const float* out, float* dx, size_t n) {
  if (a == Activation::Relu) {
    for (size_t i = 0; i < n; ++i) dx[i] = out[i] > 0.f ? dx[i] : 0.f;
  } else {
    for (size_t i = 0; i < n; ++i) dx[i] *= 1.f - out[i] * out[i];
  }
}

}  // namespace ll
