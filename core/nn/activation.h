#pragma once
// Element-wise activations, applied in place after a dense layer. Backward passes take the
// activation's *output*, which is all ReLU and tanh need, so no pre-activation is stored.
#include <cstddef>
#include <string_view>

namespace ll {

enum class Activation { Relu, Tanh };

std::string_view to_string(Activation a);
Activation parse_activation(std::string_view s);  // throws ll::Error

// x: (n) -> x: (n), in place
void activation_forward(Activation a, float* x, size_t n);
// out: (n) the forward output, dx: (n) in place: dL/dout -> dL/dpre
void activation_backward(Activation a, const float* out, float* dx, size_t n);

}  // namespace ll
