#include "core/nn/side_thread.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace ll {

namespace {

// Polls done() for up to `budget`; true if it came true. pause keeps the poll from starving
// the core's other hardware thread and from flooding the memory system.
template <class Done>
bool spin_until(Done done, std::chrono::microseconds budget) {
  const auto until = std::chrono::steady_clock::now() + budget;
  for (int i = 1;; ++i) {
    if (done()) return true;
#if defined(__x86_64__) || defined(__i386__)
    _mm_pause();
#endif
    if (i % 64 == 0 && std::chrono::steady_clock::now() >= until) return done();
  }
}

}  // namespace

SideThread::SideThread() : thread_([this] { loop(); }) {}

SideThread::~SideThread() {
  {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !busy_; });
    quit_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void SideThread::run(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    job_ = std::move(job);
    busy_ = true;
  }
  changed_.notify_all();
}

void SideThread::wait() {
  spin_until([this] { return !busy_.load(std::memory_order_acquire); }, kSpin);
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return !busy_; });
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

void SideThread::loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (!busy_ && !quit_) {
      lock.unlock();
      spin_until([this] { return busy_.load(std::memory_order_acquire) || quit_.load(); }, kSpin);
      lock.lock();
    }
    changed_.wait(lock, [&] { return busy_ || quit_; });
    if (quit_) return;
    lock.unlock();
    std::exception_ptr error;
    try {
      job_();
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    error_ = error;
    busy_ = false;
    changed_.notify_all();
  }
}

}  // namespace ll
