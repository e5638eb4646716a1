#pragma once
// A run's curves as one CSV table: one row per point, train and test, every model.
#include <string>

#include "core/train/snapshot.h"

namespace ll {

// Columns: model, split (train|test), step, epoch, neg_elbo, reconstruction, kl (nats/sample).
void write_metrics_csv(const std::string& path, const Snapshot& s);

}  // namespace ll
