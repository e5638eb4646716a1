#pragma once
// Everything the training thread owns (docs/architecture.md: models, optimizers and RNG have one owner).
// Only TrainerWorker's methods touch it, and only on the trainer thread after construction.
// Its methods live in files named for what they do: trainer_worker.cpp (the loop and a step),
// trainer_build.cpp (new models), trainer_views.cpp (views and snapshots), commands.cpp,
// trainer_follow.cpp (showing a run folder another trainer writes into).
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/nn/adam.h"
#include "core/nn/side_thread.h"
#include "core/train/arm.h"
#include "core/train/command.h"
#include "core/train/follow_state.h"
#include "core/train/history.h"
#include "core/train/snapshot.h"
#include "core/train/view_config.h"

namespace ll {

class Trainer;

class TrainerWorker {
 public:
  TrainerWorker(Trainer& owner, std::shared_ptr<const Dataset> data, const TrainConfig& cfg,
                const ViewConfig& views);

  void run();
  std::shared_ptr<const Snapshot> make_snapshot(bool refresh_views);

 private:
  using Clock = std::chrono::steady_clock;
  static double ms_since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
  }

  // trainer_build.cpp
  void build(std::shared_ptr<const Dataset> data, const TrainConfig& cfg);
  void pick_view_images();

  // trainer_worker.cpp
  void step();
  void end_epoch();
  void diverged(const std::string& what);
  void keep_good_copy();
  void new_epoch_order();
  float effective_beta(const Arm& a) const;
  // Fractional epochs seen: whole epochs plus the part of this one's order consumed.
  double epoch() const;
  // Compare mode with threads to spare: the arms step concurrently, one thread each.
  bool parallel_arms() const { return arms_.size() == 2 && cfg_.threads >= 2; }
  // Runs fn(i) for i in [0, n) on up to cfg_.threads threads, each taking a block of
  // consecutive i (this thread the first), all with the calling thread's GEMM budget. fn(i)
  // must touch only the state of its i (and read shared, unchanging things).
  template <class F>
  void run_tasks(int n, F&& fn);
  // run_tasks over the arms, concurrently only when parallel_arms().
  template <class F>
  void for_each_arm(F&& fn);
  // The step's parts (trainer_worker.cpp): its shard buffers sized and the VAE's ε drawn in
  // shard order; a shard's forward pass and its backward pass; the arm's update.
  void prepare_shards(Arm& a, int B, int shards);
  void shard_forward_pass(Arm& a, int B, int shards, int s);
  void sum_shard_kl(Arm& a, int shards);
  void shard_backward_pass(Arm& a, int B, int shards, int s);
  void update_arm(Arm& a, int B, int shards, const AdamConfig& adam);

  // trainer_views.cpp
  void refresh_views();
  void refresh_collapse();
  void publish(bool refresh_views);
  void say(std::string msg, bool error);

  // commands.cpp: one function per Command::Type, applied between steps.
  void apply(const Command& c);
  void apply_start(const Command& c);  // Start, Resume and Step
  void apply_pause();
  void apply_stop();
  void apply_reset(const Command& c);
  void apply_set_beta(const Command& c);
  void apply_set_learning_rate(const Command& c);
  void apply_set_warmup(const Command& c);
  void apply_set_free_bits(const Command& c);
  void apply_set_threads(const Command& c);
  void apply_save(const Command& c);
  void apply_load(const Command& c);

  // trainer_follow.cpp: Follow / Unfollow, and one poll of the followed folder.
  void apply_follow(const Command& c);
  void apply_unfollow();
  void poll_follow();
  // Shows the followed checkpoints: rebuilds the models when the run's shape is not theirs.
  void adopt_followed();
  void apply_followed_curves();

  Trainer& owner_;
  const ViewConfig views_;

  // The run: data, config, models, and where in the data the next batch starts.
  std::shared_ptr<const Dataset> data_;
  TrainConfig cfg_;
  std::vector<Arm> arms_;
  Rng order_rng_;
  std::vector<uint32_t> order_;
  size_t cursor_ = 0;
  int64_t step_ = 0;
  int64_t epochs_done_ = 0;
  int64_t pause_at_step_ = -1;  // a Step command's target; -1 = none
  FloatBuffer batch_x_;
  std::unique_ptr<FollowState> follow_;  // set while following a run folder

  // How the products run.
  // Started on the first step that runs tasks concurrently (shards or arms), one fewer than
  // the threads: this thread takes the first block of tasks.
  std::vector<std::unique_ptr<SideThread>> side_;

  // The views: fixed test images, the timeline, and their clocks.
  std::vector<uint32_t> example_index_, code_index_;
  History history_;
  Clock::time_point last_publish_ = Clock::now(), last_views_ = Clock::now();
  Clock::time_point last_collapse_ = Clock::now();
  bool collapse_due_ = true;  // after (re)building or a load: compute at the next views refresh

  // What the snapshots report.
  TrainerStatus status_ = TrainerStatus::Idle;
  std::string message_;
  bool message_is_error_ = false;
  uint64_t message_id_ = 0;
  uint64_t snapshot_id_ = 0;
  int64_t samples_since_publish_ = 0;
  double samples_per_s_ = 0;
  int64_t samples_seen_ = 0;
  double train_seconds_ = 0;
};

}  // namespace ll
