#include "app/panels/manifold_worker.h"

#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>

#include "core/vae/forward.h"
#include "core/vae/workspace.h"

namespace app {

ManifoldWorker::ManifoldWorker() : thread_([this] { run(); }) {}

ManifoldWorker::~ManifoldWorker() {
  {
    std::lock_guard lock(mutex_);
    quit_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void ManifoldWorker::submit(Job job) {
  {
    std::lock_guard lock(mutex_);
    queued_ = std::move(job);
  }
  wake_.notify_all();
}

std::optional<ManifoldWorker::Result> ManifoldWorker::take() {
  std::lock_guard lock(mutex_);
  std::optional<Result> r = std::move(done_);
  done_.reset();
  return r;
}

bool ManifoldWorker::busy() const {
  std::lock_guard lock(mutex_);
  return running_ || queued_.has_value();
}

bool ManifoldWorker::has_result() const {
  std::lock_guard lock(mutex_);
  return done_.has_value();
}

void ManifoldWorker::run() {
  // A picture may wait; training should not: on Linux a thread has its own nice value.
  setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), 10);
  pthread_setname_np(pthread_self(), "ll-manifold");
  ll::Workspace ws;
  std::vector<float> images;
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
    const auto t0 = std::chrono::steady_clock::now();
    std::optional<Result> r;
    try {
      const int n = job.cols * job.rows;
      const int D = job.model->config().input_dim;
      images.resize(size_t(n) * D);
      ws.reserve(job.model->config(), std::min(n, 64));
      ll::decode_images(*job.model, job.z.data(), n, ws, images.data());
      r.emplace();
      r->atlas = ll::io::compose_grid(images.data(), n, job.height, job.width, job.channels, job.cols, 0);
      r->cols = job.cols;
      r->rows = job.rows;
      r->box = job.box;
      r->ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    } catch (const std::exception&) {
      r.reset();  // a shape that does not tile (should not happen): no picture this time
    }
    std::lock_guard lock(mutex_);
    if (r) done_ = std::move(r);
    running_ = false;
  }
}

}  // namespace app
