#pragma once
// glibc's malloc, set for a long-running process whose threads allocate and free buffers of a
// few MB over and over (the trainer's snapshot model copies, ~2.6 MB ten times a second; the
// workers' decodes). Two defaults hold on to memory nobody uses:
// - the mmap threshold rises to the largest block freed so far (a dataset's gzip buffers, tens
//   of MB), after which those copies come from arenas that are never trimmed;
// - every thread that allocates may get an arena of its own, each keeping its freed blocks.
// A fixed threshold of 1 MiB hands large blocks back to the system at free; arenas capped at
// `max_arenas` (0: glibc's default, 8 per core) share the rest. Measured in docs/performance.md
// (Memory): the CLI's train 168 -> 130 MB, the explorer's default session ~570 -> ~400 MB at
// 150 s. No measurable cost in speed. Call first thing in main, before any thread starts.
namespace ll {

void tune_malloc(int max_arenas);

}  // namespace ll
