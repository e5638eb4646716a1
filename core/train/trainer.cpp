// The Trainer's public side: the command queue and the latest snapshot, shared with the
// trainer thread under one mutex. The thread's own state is TrainerWorker's (trainer_worker.h).
#include "core/train/trainer.h"

#include "core/train/trainer_worker.h"

namespace ll {

const char* to_string(TrainerStatus s) {
  switch (s) {
    case TrainerStatus::Idle: return "idle";
    case TrainerStatus::Loading: return "loading";
    case TrainerStatus::Running: return "running";
    case TrainerStatus::Paused: return "paused";
    case TrainerStatus::Finished: return "finished";
    case TrainerStatus::Diverged: return "diverged";
    case TrainerStatus::Failed: return "failed";
    case TrainerStatus::Following: return "following";
  }
  return "?";
}

Trainer::Trainer(std::shared_ptr<const Dataset> data, const TrainConfig& cfg, const ViewConfig& views)
    : worker_(std::make_unique<TrainerWorker>(*this, std::move(data), cfg, views)) {
  latest_ = worker_->make_snapshot(true);
  thread_ = std::thread([this] { worker_->run(); });
}

Trainer::~Trainer() {
  {
    std::lock_guard lock(mutex_);
    quit_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Trainer::send(Command c) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(c));
    ++commands_sent_;
  }
  changed_.notify_all();
}

std::shared_ptr<const Snapshot> Trainer::snapshot() const {
  std::lock_guard lock(mutex_);
  return latest_;
}

std::shared_ptr<const Snapshot> Trainer::wait_snapshot(uint64_t after_id, int timeout_ms) const {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                    [&] { return latest_->id > after_id || quit_; });
  return latest_;
}

std::shared_ptr<const Snapshot> Trainer::sync() const {
  std::unique_lock lock(mutex_);
  const uint64_t target = commands_sent_;
  changed_.wait(lock, [&] { return commands_done_ >= target || quit_; });
  return latest_;
}

void Trainer::publish(std::shared_ptr<const Snapshot> s) {
  {
    std::lock_guard lock(mutex_);
    latest_ = std::move(s);
  }
  changed_.notify_all();
}

}  // namespace ll
