#pragma once
// This process's peak resident memory (Linux's VmHWM through getrusage), MiB: what the
// explorer's and the CLI's memory targets are checked against (--print-stats, bench).
namespace ll {

double peak_rss_mib();

}  // namespace ll
