#pragma once
// Matrix-product FLOPs of one training sample (forward + backward), the figure the speed
// benchmark divides by. Element-wise work is not counted.
#include "core/vae/model.h"

namespace ll {

// forward: 2·in·out per dense layer; backward: 2·in·out for ∂W, and again for ∂input except
// at the first layer, which needs none.
double train_flops_per_sample(const ModelLayout& lay);
double forward_flops_per_sample(const ModelLayout& lay);

}  // namespace ll
