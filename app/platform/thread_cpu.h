#pragma once
// CPU time of this process's threads by name, from /proc (Linux). With other programs
// competing for the cores, wall-clock frame times wander; CPU seconds per frame do not,
// so --print-stats reports both.
#include <string>

namespace app {

// Seconds of CPU (user + system) used so far by threads whose name starts with `prefix`
// ("" = all threads of the process; "llvmpipe" = Mesa's rasteriser threads).
double thread_cpu_seconds(const std::string& prefix);
// The main thread's CPU seconds (its thread id is the process id).
double main_thread_cpu_seconds();
// The calling thread's CPU milliseconds so far (a clock, not /proc: cheap enough per job).
double this_thread_cpu_ms();

}  // namespace app
