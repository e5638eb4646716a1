#pragma once
// Reading a snapshot's encoded test subset: row i of code_index is test image
// code_index[i], and row i of each arm's codes_mu / codes_logvar is its code.
#include <cstddef>

#include "core/train/snapshot.h"

namespace app {

// Row i of an arm's posterior means (null when the views are not ready).
const float* code_of(const ll::Snapshot& s, size_t arm, int i);
int class_of(const ll::Snapshot& s, int code_i);  // −1 when unlabelled

}  // namespace app
