#pragma once
// The background training thread (docs/architecture.md, Threads). It alone owns the models, their optimizer
// state and the RNG; everyone else sends Commands and reads Snapshots.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/train/command.h"
#include "core/train/snapshot.h"

namespace ll {

class TrainerWorker;  // the thread's state: trainer_worker.h

class Trainer {
 public:
  // Builds the models from cfg on the given dataset (status Idle) and starts the thread. The
  // snapshots carry what `views` asks for (the GUI's defaults unless given). Throws ll::Error
  // if cfg or views is invalid or cfg does not fit the data.
  Trainer(std::shared_ptr<const Dataset> data, const TrainConfig& cfg, const ViewConfig& views = {});
  ~Trainer();  // stops the thread (finishing the current step) and joins it
  Trainer(const Trainer&) = delete;
  Trainer& operator=(const Trainer&) = delete;

  void send(Command c);

  // The latest published snapshot; never null.
  std::shared_ptr<const Snapshot> snapshot() const;

  // Blocks until a snapshot with id > after_id is published or the timeout passes; returns
  // the latest either way.
  std::shared_ptr<const Snapshot> wait_snapshot(uint64_t after_id, int timeout_ms) const;

  // Blocks until every command sent so far has been applied and a snapshot published after.
  // For tests and the CLI; the GUI never waits.
  std::shared_ptr<const Snapshot> sync() const;

 private:
  friend class TrainerWorker;
  void publish(std::shared_ptr<const Snapshot> s);

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::vector<Command> queue_;
  uint64_t commands_sent_ = 0;
  uint64_t commands_done_ = 0;
  bool quit_ = false;
  std::shared_ptr<const Snapshot> latest_;
  std::unique_ptr<TrainerWorker> worker_;
  std::thread thread_;
};

}  // namespace ll
