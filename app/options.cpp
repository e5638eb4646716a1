#include "app/options.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>

#include "core/error.h"
#include "core/flags/flag_set.h"
#include "core/flags/train_flags.h"

namespace app {

AppOptions default_options() {
  AppOptions o;
  o.config = ll::train_defaults(ll::Frontend::Gui);
  return o;
}

namespace {

bool whole(std::string_view s, int& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

ParseResult parse_options(int argc, char** argv, AppOptions& o, std::string& msg) {
  CLI::App cli("Watch a VAE and a plain autoencoder learn side by side.", "latentlab");
  cli.footer("The training flags are latentlab-cli train's; only some defaults differ.\n  here:                " +
             ll::defaults_summary(ll::Frontend::Gui) + "\n  latentlab-cli train: " +
             ll::defaults_summary(ll::Frontend::CliTrain) +
             "\nNo display? Train headless with latentlab-cli, or run this under xvfb-run -a."
             "\nAssets (icon, colour tables, example drawings) are read from $LATENTLAB_ASSETS, else\n"
             "<this program's folder>/../share/latentlab, else the source tree's assets/.");
  ll::FlagSet flags(cli);
  ll::add_train_flags(flags, o.config, ll::Frontend::Gui);

  // GUI only: latentlab-cli has no views to show a followed run in (its eval and export read
  // the run's checkpoints as they are).
  flags.text("--follow", o.follow, "DIR",
             "show the run another trainer writes into DIR (its checkpoints as they are renamed into place, its "
             "metrics.csv) instead of training here")
      ->group("Following a run");

  const char* group = "Scripting and tests";
  flags.flag("--autostart", o.autostart, "start training at once")->group(group);
  flags.flag("--print-layout", o.print_layout, "print LAYOUT/CURSOR/STATUS/FOLLOWED/ERROR events on stdout (see app/events.h)")
      ->group(group);
  flags.flag("--print-stats", o.print_stats, "print one JSON line of frame and training statistics at exit")
      ->group(group);
  flags.text("--screenshot", o.screenshot, "FILE", "write a PNG of the window just before exiting")->group(group);
  flags.number("--quit-after", o.quit_after, 0, 1e9, false, "exit after S seconds (0: when closed)")
      ->type_name("S")
      ->group(group);
  const std::string size = std::to_string(o.width) + "x" + std::to_string(o.height);
  flags.value("--size", "WxH", "window size", size, [&o](const std::string& v) {
    const size_t x = v.find('x');
    if (x == std::string::npos || !whole(std::string_view(v).substr(0, x), o.width) ||
        !whole(std::string_view(v).substr(x + 1), o.height) || o.width < 320 || o.height < 240)
      throw ll::Error("--size: expected WxH (at least 320x240), got '" + v + "'");
  })->group(group);
  flags.value("--tab", "NAME", "open a lower tab at start: interpolation | draw | collapse | gradients | samples | traverse", "",
              [&o](const std::string& v) {
                if (v != "interpolation" && v != "draw" && v != "collapse" && v != "gradients" && v != "samples" &&
                    v != "traverse")
                  throw ll::Error("--tab: expected interpolation, draw, collapse, gradients, samples or traverse, got '" + v + "'");
                o.tab = v;
              })->group(group);
  flags.flag("--holes", o.show_holes, "start with the measured holes shown on the maps")->group(group);
  // The maps' GPU points layer (app/map/gl_points_layer.h).
  flags.value("--points", "test|all|N",
              "codes on the maps: every test code, test + training codes, or a seeded subset of N test codes",
              "test", [&o](const std::string& v) {
                int n = 0;
                if (v == "test") {
                  o.points_subset = 0, o.points_train = false;
                } else if (v == "all") {
                  o.points_subset = 0, o.points_train = true;
                } else if (whole(v, n) && n >= 1) {
                  o.points_subset = n, o.points_train = false;
                } else {
                  throw ll::Error("--points: expected test, all or a count of at least 1, got '" + v + "'");
                }
              })->group(group);
  flags.flag("--density", o.show_density, "start with the maps' density layer shown")->group(group);
  // The maps' plane (app/state/map_plane.h); checked against the latent size below.
  flags.value("--plane", "slice|pca",
              "for latent sizes above 2: the maps show an axis-aligned slice, or each model's top-2 principal plane",
              "slice", [&o](const std::string& v) {
                if (v != "slice" && v != "pca") throw ll::Error("--plane: expected slice or pca, got '" + v + "'");
                o.plane_pca = v == "pca";
              })->group(group);
  flags.value("--posterior", "on|off", "the VAE's posterior overlay at start", "on", [&o](const std::string& v) {
    if (v != "on" && v != "off") throw ll::Error("--posterior: expected on or off, got '" + v + "'");
    o.show_posterior = v == "on";
  })->group(group);

  switch (ll::parse_flags(cli, std::vector<std::string>(argv + std::min(argc, 1), argv + argc), msg)) {
    case ll::FlagResult::Ok:
      // A 2-D space is shown whole, so a principal plane there could only rotate it: say so
      // rather than start with a view that silently is not the one asked for. A followed run's
      // latent size is only known once its first checkpoint is read, so there it is the map's
      // choice (shown when the run's latent size is above 2).
      if (o.plane_pca && o.follow.empty() && o.config.model.latent <= 2) {
        msg = "--plane pca needs latent size > 2, got " + std::to_string(o.config.model.latent) +
              " (a 2-D latent space is shown whole; try --latent 8)";
        return ParseResult::Error;
      }
      return ParseResult::Ok;
    case ll::FlagResult::Help: return ParseResult::Help;
    case ll::FlagResult::Error: break;
  }
  return ParseResult::Error;
}

}  // namespace app
