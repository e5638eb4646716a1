#pragma once
// A background thread for view work that only the newest request matters for (a manifold
// picture, a hole measurement): it holds at most one waiting job, which a newer submit()
// replaces, and one finished result, which take() hands over once. It runs below the UI's
// and the trainer's priority (on Linux a thread has its own nice value) under a name that
// top and perf show.
#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

namespace app {

// Seconds on the steady clock: when the workers' callers last submitted, and when next.
inline double worker_clock_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

template <class Job, class Result>
class LatestJobWorker {
 public:
  // work runs on the worker thread, one job at a time; an empty result means "nothing to
  // show for this job" (take() keeps returning the previous one's absence).
  LatestJobWorker(std::string thread_name, std::function<std::optional<Result>(Job&)> work)
      : name_(std::move(thread_name)), work_(std::move(work)), thread_([this] { run(); }) {}
  ~LatestJobWorker() {  // finishes the running job, then joins
    {
      std::lock_guard lock(mutex_);
      quit_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  LatestJobWorker(const LatestJobWorker&) = delete;
  LatestJobWorker& operator=(const LatestJobWorker&) = delete;

  void submit(Job job) {
    {
      std::lock_guard lock(mutex_);
      queued_ = std::move(job);
    }
    wake_.notify_all();
  }
  std::optional<Result> take() {  // the newest finished result, once
    std::lock_guard lock(mutex_);
    std::optional<Result> r = std::move(done_);
    done_.reset();
    return r;
  }
  bool busy() const {  // a job waiting or running
    std::lock_guard lock(mutex_);
    return running_ || queued_.has_value();
  }
  bool has_result() const {  // take() would return a result
    std::lock_guard lock(mutex_);
    return done_.has_value();
  }

 private:
  void run() {
    setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), 10);
    pthread_setname_np(pthread_self(), name_.substr(0, 15).c_str());  // the kernel keeps 15
    for (;;) {
      Job job;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [&] { return quit_ || queued_.has_value(); });
        if (quit_) return;
        job = std::move(*queued_);
        queued_.reset();
        running_ = true;
      }
      std::optional<Result> r = work_(job);
      std::lock_guard lock(mutex_);
      if (r) done_ = std::move(r);
      running_ = false;
    }
  }

  const std::string name_;
  const std::function<std::optional<Result>(Job&)> work_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::optional<Job> queued_;
  std::optional<Result> done_;
  bool running_ = false, quit_ = false;
  std::thread thread_;  // last: it starts once everything above exists
};

}  // namespace app
