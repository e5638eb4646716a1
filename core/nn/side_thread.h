#pragma once
// An extra thread for one piece of work at a time (the trainer's second arm, a slice of a
// matrix product): run() hands it a job, wait() blocks until the job is done and rethrows
// what it threw. Both sides wait on a condition variable, after a short bounded spin
// (kSpin): a training step hands off a slice every few hundred µs, and on a virtual machine
// a futex sleep and wake cost tens of µs of system calls each, enough to eat what the second
// thread gains (docs/performance.md). The spin is bounded because on a machine
// whose cores are shared (the UI, a compiler) a spinning waiter burns the core its partner
// needs; past it, waiting costs nothing.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

namespace ll {

class SideThread {
 public:
  SideThread();
  ~SideThread();  // waits for a running job, then joins
  SideThread(const SideThread&) = delete;
  SideThread& operator=(const SideThread&) = delete;

  // Starts job on the side thread; the previous job must have been waited for.
  void run(std::function<void()> job);
  // Blocks until the job has finished; rethrows its exception, if any.
  void wait();

 private:
  static constexpr std::chrono::microseconds kSpin{200};
  void loop();

  std::mutex mutex_;
  std::condition_variable changed_;
  std::function<void()> job_;
  // Written under mutex_; atomic so that the spins can read them without it.
  std::atomic<bool> busy_{false}, quit_{false};
  std::exception_ptr error_;
  std::thread thread_;
};

}  // namespace ll
