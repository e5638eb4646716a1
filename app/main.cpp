// latentlab: the GUI. A short, linear loop in the manner of Dear ImGui's examples: wait for
// the next frame, draw every panel, render, swap. The App holds the panels and the Trainer.
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <exception>
#include <memory>

#include "app/app.h"
#include "app/assets.h"
#include "app/events.h"
#include "app/options.h"
#include "app/platform/frame_pacer.h"
#include "app/platform/screenshot.h"
#include "app/platform/thread_cpu.h"
#include "app/platform/window.h"
#include "core/io/json.h"
#include "core/util/malloc_tuning.h"
#include "core/util/process_memory.h"
#include "core/util/stats.h"

namespace {
// Ctrl+C in the terminal (or a polite kill) closes the window the same way Ctrl+Q does:
// the trainer is stopped and joined, --screenshot and --print-stats still happen.
volatile std::sig_atomic_t g_stop = 0;
extern "C" void on_stop_signal(int) { g_stop = 1; }
}  // namespace

int main(int argc, char** argv) {
  // Large blocks back to the system at free, and two arenas for the trainer and the half-dozen
  // workers that decode (core/util/malloc_tuning.h): the largest part of the explorer's memory
  // was blocks freed and kept.
  ll::tune_malloc(2);
  // Tests read the event lines while the app runs: flush every line.
  std::setvbuf(stdout, nullptr, _IOLBF, 0);

  app::AppOptions opt = app::default_options();
  std::string msg;
  switch (app::parse_options(argc, argv, opt, msg)) {
    case app::ParseResult::Help: std::fputs(msg.c_str(), stdout); return 0;
    case app::ParseResult::Error: std::fprintf(stderr, "latentlab: %s\n", msg.c_str()); return 2;
    case app::ParseResult::Ok: break;
  }

  app::Window window;
  if (!window.open("LatentLab — VAE vs AE", opt.width, opt.height, msg)) {
    std::fprintf(stderr,
                 "latentlab: cannot open a window: %s\n"
                 "  No display? Run it on a virtual screen:\n"
                 "    xvfb-run -a -s '-screen 0 1280x800x24' latentlab %s\n"
                 "  or train without a window with the command-line tool:\n"
                 "    latentlab-cli train --data fashion-mnist --latent 2 --compare --out out/\n",
                 msg.c_str(), argc > 1 ? "[same options]" : "");
    return 3;
  }

  app::Assets assets = app::find_assets();
  app::load_assets(assets, window);
  for (const std::string& p : assets.problems) std::fprintf(stderr, "latentlab: %s\n", p.c_str());

  app::Events events(opt.print_layout);
  std::unique_ptr<app::App> lab;
  try {
    lab = std::make_unique<app::App>(opt, events, assets);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "latentlab: cannot start: %s\n", e.what());
    return 1;
  }

  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  app::FramePacer pacer(60.0);
  app::PhaseTimes phases;
  long long triangles = 0;  // per frame drawn: a number to watch
  double cpu_start_all = 0, cpu_start_gl = 0, cpu_start_ui = 0;
  bool last_frame = false, ready = false;
  // Frames still to draw: after input ImGui needs a few for hover and focus to settle; with
  // no input and no news the loop draws nothing (a frame costs llvmpipe ~10 ms of CPU the
  // trainer would rather have).
  int settle = 3;
  int exit_code = 0;
  for (;;) {
    // 60 fps while the person drags or types, 30 while only training moves the picture:
    // the trainer shares these two cores with us.
    pacer.set_active_fps(lab->interacting() ? 60.0 : 30.0);
    pacer.wait(window, lab->active() || window.input_pending());
    if (window.should_close() || window.ctrl_q_pressed() || g_stop ||
        (opt.quit_after > 0 && pacer.seconds_since_start() >= opt.quit_after))
      last_frame = true;  // draw one more frame, so a screenshot shows the final state
    if (window.take_input() || window.input_pending()) settle = std::max(settle, 3);
    if (lab->has_news()) settle = std::max(settle, 1);
    if (settle == 0 && !last_frame) continue;
    --settle;

    const auto t_build = std::chrono::steady_clock::now();
    window.begin_frame();
    int ox = 0, oy = 0;
    window.screen_origin(ox, oy);
    events.set_origin(ox, oy);
    lab->frame(pacer.last_frame_ms(), pacer.seconds_since_start());
    const auto t_render = std::chrono::steady_clock::now();
    window.render();
    if (auto dir = lab->take_export()) lab->write_export(*dir, window.read_pixels());
    if (last_frame && !opt.screenshot.empty()) {
      std::string error;
      if (app::write_png(opt.screenshot, window.read_pixels(), error)) {
        events.say("EXPORT %s", opt.screenshot.c_str());
      } else {
        std::fprintf(stderr, "latentlab: %s\n", error.c_str());
        exit_code = 1;
      }
    }
    const auto t_swap = std::chrono::steady_clock::now();
    window.swap();
    pacer.frame_done();
    phases.add(t_build, t_render, t_swap, std::chrono::steady_clock::now());
    triangles += ImGui::GetDrawData() ? ImGui::GetDrawData()->TotalIdxCount / 3 : 0;
    if (!ready) {
      events.say("READY");
      ready = true;
      cpu_start_all = app::thread_cpu_seconds("");
      cpu_start_gl = app::thread_cpu_seconds("llvmpipe");
      cpu_start_ui = app::main_thread_cpu_seconds();
    }
    if (last_frame) break;
  }

  // CPU per drawn frame, from the first frame on (start-up excluded): the main thread, and
  // Mesa's llvmpipe rasteriser threads.
  const double frames_after_first = std::max<double>(1, double(pacer.frames()) - 1);
  const double cpu_ui = (app::main_thread_cpu_seconds() - cpu_start_ui) * 1e3 / frames_after_first;
  const double cpu_gl = (app::thread_cpu_seconds("llvmpipe") - cpu_start_gl) * 1e3 / frames_after_first;
  const double cpu_all_s = app::thread_cpu_seconds("") - cpu_start_all;
  const app::RunStats stats = lab->stats();
  lab.reset();  // stops the trainer and the workers
  if (opt.print_stats) {
    const std::vector<double>& d = stats.cursor_decode_ms;
    const double d50 = ll::percentile(d, 50), d95 = ll::percentile(d, 95), dmax = ll::percentile(d, 100);
    // The decimals this line has always had: finer digits of a timing are noise.
    auto fixed = [](double x, int decimals) {
      const double scale = std::pow(10.0, decimals);
      return std::round(x * scale) / scale;
    };
    ll::io::Json line = ll::io::Json::object();
    line["frames"] = pacer.frames();
    line["frame_ms_p50"] = fixed(pacer.percentile_ms(50), 3);
    line["frame_ms_p95"] = fixed(pacer.percentile_ms(95), 3);
    line["train_samples_per_s"] = fixed(stats.train_samples_per_s(), 1);
    line["cursor_decodes"] = d.size();
    line["cursor_decode_ms_p50"] = fixed(d50, 4);
    line["cursor_decode_ms_p95"] = fixed(d95, 4);
    line["cursor_decode_ms_max"] = fixed(dmax, 4);
    line["build_ms_p50"] = fixed(phases.p50(0), 3);
    line["render_ms_p50"] = fixed(phases.p50(1), 3);
    line["swap_ms_p50"] = fixed(phases.p50(2), 3);
    line["triangles_per_frame"] = pacer.frames() ? triangles / (long long)pacer.frames() : 0;
    line["cpu_ms_per_frame_ui"] = fixed(cpu_ui, 2);
    line["cpu_ms_per_frame_llvmpipe"] = fixed(cpu_gl, 2);
    line["process_cpu_s"] = fixed(cpu_all_s, 2);
    line["history_bytes"] = stats.history_bytes;
    line["peak_rss_mib"] = fixed(ll::peak_rss_mib(), 1);
    line["points_drawn"] = stats.points_total();
    line["plane"] = stats.plane;
    line["plane_changes"] = stats.plane_changes;
    line["codes_upload_ms_max"] = fixed(stats.codes_upload_ms_max, 3);
    line["codes_upload_cpu_ms_max"] = fixed(stats.codes_upload_cpu_ms_max, 3);
    unsigned long long redraws = 0;
    for (unsigned long long r : stats.points_redraws) redraws += r;
    line["points_redraws"] = redraws;
    line["seconds"] = fixed(pacer.seconds_since_start(), 2);
    std::printf("%s\n", ll::io::to_json(line).c_str());
  }
  events.say("BYE");
  return exit_code;
}
