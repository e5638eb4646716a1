#pragma once
// What the trainer keeps while it follows a run folder (Command::Follow): the watch, the last
// good checkpoint of each model kind, and the curves of the run's metrics.csv. Owned by the
// TrainerWorker like the models it fills.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/io/checkpoint.h"
#include "core/io/run_folder.h"
#include "core/train/snapshot.h"

namespace ll {

struct FollowState {
  explicit FollowState(std::string dir) : watch(std::move(dir)) {}

  RunFolderWatch watch;
  // The checkpoint each model kind shows: a file that fails to load leaves it in place.
  std::map<ModelKind, LoadedCheckpoint> latest;
  std::map<ModelKind, std::string> latest_name;  // its file name
  std::map<std::string, RunCurves> curves;       // metrics.csv, by model name
  double epoch = 0;                              // the shown checkpoint's
  std::vector<FollowedCheckpoint> log;           // for the snapshots, bounded
  uint64_t next_id = 1;
  std::string waiting;  // the waiting notice last said, so it is said once
};

}  // namespace ll
