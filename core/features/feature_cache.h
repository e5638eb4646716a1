#pragma once
// The feature space's cache: $XDG_CACHE_HOME/latentlab/ (else ~/.cache/latentlab/), one
// safetensors file per dataset and feature config, named by a hash of both, so a second start
// on the same data reads a small file instead of training a classifier.
#include <cstdint>
#include <string>

#include "core/data/dataset.h"
#include "core/features/feature_space.h"

namespace ll {

// "" when neither XDG_CACHE_HOME nor HOME is set.
std::string feature_cache_dir();

// A 64-bit hash of d's shape, pixels and labels (both splits) and `config`.
uint64_t feature_key(const Dataset& d, const std::string& config);

// "<dir>/features-<16 hex digits>.safetensors".
std::string feature_cache_path(const std::string& dir, uint64_t key);

// Writes s with its key in the metadata. Throws ll::Error naming the path on failure.
void save_feature_space(const std::string& path, const FeatureSpace& s, uint64_t key);

// Throws ll::Error naming the path and the field when the file is unreadable, is not a
// feature file, has another key or input size, or a tensor has the wrong shape.
FeatureSpace load_feature_space(const std::string& path, uint64_t key, int input_dim);

}  // namespace ll
