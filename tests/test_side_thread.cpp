// core/nn/side_thread: hand-offs with the bounded spin and the blocking wait behind it —
// jobs run on another thread, none is lost whether the side thread is spinning or asleep,
// exceptions come back through wait(), and destruction waits for a running job.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "core/nn/side_thread.h"

namespace ll {
namespace {

TEST(SideThread, RunsTheJobOnAnotherThreadAndWaitSeesItsWrites) {
  SideThread side;
  std::thread::id ran_on;
  int value = 0;  // plain: wait() must order the job's writes before the caller's reads
  side.run([&] {
    ran_on = std::this_thread::get_id();
    value = 42;
  });
  side.wait();
  EXPECT_NE(ran_on, std::this_thread::get_id());
  EXPECT_EQ(value, 42);
}

TEST(SideThread, NoHandOffIsLostWhetherTheSideThreadSpinsOrSleeps) {
  SideThread side;
  int count = 0;
  // Back to back: the side thread is still spinning when the next job comes.
  for (int i = 0; i < 20000; ++i) {
    side.run([&] { ++count; });
    side.wait();
  }
  EXPECT_EQ(count, 20000);
  // With pauses past the spin: the side thread has gone to sleep on the condition variable.
  for (int i = 0; i < 20; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    side.run([&] { ++count; });
    side.wait();
  }
  EXPECT_EQ(count, 20020);
  // The caller waits long: the job outlasts the caller's spin, so wait() blocks.
  side.run([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ++count;
  });
  side.wait();
  EXPECT_EQ(count, 20021);
}

TEST(SideThread, AnExceptionComesBackThroughWaitAndTheThreadStaysUsable) {
  SideThread side;
  side.run([] { throw std::runtime_error("slice failed"); });
  try {
    side.wait();
    FAIL() << "wait() did not rethrow";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "slice failed");
  }
  bool ran = false;
  side.run([&] { ran = true; });
  side.wait();  // the error was consumed: this wait does not throw
  EXPECT_TRUE(ran);
}

TEST(SideThread, DestructionWaitsForARunningJob) {
  std::atomic<bool> finished{false};
  {
    SideThread side;
    side.run([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      finished = true;
    });
  }
  EXPECT_TRUE(finished.load());
}

}  // namespace
}  // namespace ll
