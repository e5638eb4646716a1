#include "app/options.h"

#include <charconv>
#include <cstdlib>
#include <string_view>

#include "core/error.h"

namespace app {

AppOptions default_options() {
  AppOptions o;
  o.config.data = "fashion-mnist";
  o.config.model.latent = 2;
  o.config.arms = {ll::ArmConfig{ll::ModelKind::Vae, 1.f}, ll::ArmConfig{ll::ModelKind::Ae, 1.f}};
  // One core stays with the UI (drawing, decoding under the cursor).
  o.config.threads = ll::default_threads_beside_ui();
  return o;
}

namespace {

constexpr const char* kUsage =
    "usage: latentlab [options]\n"
    "  Watch a VAE and a plain autoencoder learn side by side.\n"
    "\n"
    "run:\n"
    "  --data SPEC        fashion-mnist | idx:DIR | idx:FILE | folder:DIR[@WxH][:rgb] | synthetic[:N]\n"
    "                     (default fashion-mnist)\n"
    "  --latent N         latent size (default 2)\n"
    "  --hidden LIST      encoder hidden sizes, e.g. 400 or 512,256 (the decoder mirrors them)\n"
    "  --likelihood L     bernoulli | gaussian\n"
    "  --beta X           weight of the KL term (default 1)\n"
    "  --lr X             Adam learning rate (default 0.001)\n"
    "  --batch N          batch size (default 128)\n"
    "  --seed N           seed for weights, batches and ε (default 1)\n"
    "  --threads N        training threads (default: the cores less one for the UI)\n"
    "  --compare          train a VAE and an AE side by side (default)\n"
    "  --compare-beta B   train two VAEs side by side, β (--beta) and B\n"
    "  --vae | --ae       train only a VAE, or only an AE\n"
    "  --autostart        start training at once\n"
    "\n"
    "scripting and tests:\n"
    "  --print-layout     print LAYOUT/CURSOR/STATUS/ERROR events on stdout (see app/events.h)\n"
    "  --print-stats      print one JSON line of frame and training statistics at exit\n"
    "  --screenshot FILE  write a PNG of the window just before exiting\n"
    "  --quit-after S     exit after S seconds\n"
    "  --size WxH         window size (default 1280x800)\n"
    "  --tab NAME         open a lower tab at start: interpolation | draw | collapse\n"
    "  --holes            start with the measured holes shown on the maps\n"
    "\n"
    "No display? Train headless with latentlab-cli, or run this under xvfb-run -a.\n";

template <class T>
bool parse_number(std::string_view s, T& out) {
  if constexpr (std::is_floating_point_v<T>) {
    char* end = nullptr;
    const std::string tmp(s);
    out = T(std::strtod(tmp.c_str(), &end));
    return !tmp.empty() && end == tmp.c_str() + tmp.size();
  } else {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
  }
}

}  // namespace

ParseResult parse_options(int argc, char** argv, AppOptions& o, std::string& msg) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    auto value = [&](std::string_view& v) {
      if (i + 1 >= argc) {
        msg = std::string(a) + " needs a value";
        return false;
      }
      v = argv[++i];
      return true;
    };
    auto number = [&](auto& out) {
      std::string_view v;
      if (!value(v)) return false;
      if (!parse_number(v, out)) {
        msg = std::string(a) + ": '" + std::string(v) + "' is not a number";
        return false;
      }
      return true;
    };
    std::string_view v;
    if (a == "-h" || a == "--help") {
      msg = kUsage;
      return ParseResult::Help;
    } else if (a == "--data") {
      if (!value(v)) return ParseResult::Error;
      o.config.data = std::string(v);
    } else if (a == "--latent") {
      if (!number(o.config.model.latent)) return ParseResult::Error;
    } else if (a == "--hidden") {
      if (!value(v)) return ParseResult::Error;
      try {
        o.config.model.hidden = ll::parse_int_list(v, "--hidden");
      } catch (const ll::Error& e) {
        msg = e.what();
        return ParseResult::Error;
      }
    } else if (a == "--likelihood") {
      if (!value(v)) return ParseResult::Error;
      try {
        o.config.model.likelihood = ll::parse_likelihood(v);
      } catch (const ll::Error& e) {
        msg = e.what();
        return ParseResult::Error;
      }
    } else if (a == "--beta") {
      float beta = 1;
      if (!number(beta)) return ParseResult::Error;
      // The first model's β (and the AE's, unused); a second VAE keeps --compare-beta's.
      for (size_t i = 0; i < o.config.arms.size(); ++i)
        if (i == 0 || o.config.arms[i].kind == ll::ModelKind::Ae) o.config.arms[i].beta = beta;
    } else if (a == "--lr") {
      if (!number(o.config.lr)) return ParseResult::Error;
    } else if (a == "--batch") {
      if (!number(o.config.batch)) return ParseResult::Error;
    } else if (a == "--seed") {
      if (!number(o.config.seed)) return ParseResult::Error;
    } else if (a == "--threads") {
      if (!number(o.config.threads)) return ParseResult::Error;
    } else if (a == "--compare" || a == "--vae" || a == "--ae") {
      const float beta = o.config.arms.empty() ? 1.f : o.config.arms[0].beta;
      if (a == "--compare")
        o.config.arms = {{ll::ModelKind::Vae, beta}, {ll::ModelKind::Ae, beta}};
      else
        o.config.arms = {{a == "--vae" ? ll::ModelKind::Vae : ll::ModelKind::Ae, beta}};
    } else if (a == "--compare-beta") {
      float b2 = 4;
      if (!number(b2)) return ParseResult::Error;
      const float beta = o.config.arms.empty() ? 1.f : o.config.arms[0].beta;
      o.config.arms = {{ll::ModelKind::Vae, beta}, {ll::ModelKind::Vae, b2}};
    } else if (a == "--tab") {
      if (!value(v)) return ParseResult::Error;
      if (v != "interpolation" && v != "draw" && v != "collapse") {
        msg = "--tab: expected interpolation, draw or collapse, got '" + std::string(v) + "'";
        return ParseResult::Error;
      }
      o.tab = std::string(v);
    } else if (a == "--holes") {
      o.show_holes = true;
    } else if (a == "--autostart") {
      o.autostart = true;
    } else if (a == "--print-layout") {
      o.print_layout = true;
    } else if (a == "--print-stats") {
      o.print_stats = true;
    } else if (a == "--screenshot") {
      if (!value(v)) return ParseResult::Error;
      o.screenshot = std::string(v);
    } else if (a == "--quit-after") {
      if (!number(o.quit_after)) return ParseResult::Error;
    } else if (a == "--size") {
      if (!value(v)) return ParseResult::Error;
      const size_t x = v.find('x');
      if (x == std::string_view::npos || !parse_number(v.substr(0, x), o.width) ||
          !parse_number(v.substr(x + 1), o.height) || o.width < 320 || o.height < 240) {
        msg = "--size: expected WxH (at least 320x240), got '" + std::string(v) + "'";
        return ParseResult::Error;
      }
    } else {
      msg = "unknown option '" + std::string(a) + "' (see --help)";
      return ParseResult::Error;
    }
  }
  try {
    o.config.validate();
  } catch (const ll::Error& e) {
    msg = e.what();
    return ParseResult::Error;
  }
  return ParseResult::Ok;
}

}  // namespace app
