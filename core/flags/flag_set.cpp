#include "core/flags/flag_set.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/error.h"

namespace ll {

FlagSet::FlagSet(CLI::App& app) : app_(app) {
  // Unknown flags stay in app.remaining(): read_all() names the first one our way.
  app_.allow_extras();
  app_.final_callback([this] { read_all(); });
}

FlagSet::Entry& FlagSet::add(const std::string& name) {
  Entry& e = entries_.emplace_back();
  e.name = name;
  return e;
}

CLI::Option* FlagSet::value(const std::string& name, const std::string& type, const std::string& help,
                            const std::string& shown_default, std::function<void(const std::string&)> read) {
  Entry& e = add(name);
  e.read = std::move(read);
  // Every occurrence is kept (TakeAll), so read_all() can refuse a second one.
  e.option = app_.add_option(name, [&e](const CLI::results_t& r) {
    e.values = r;
    return true;
  }, help);
  e.option->type_name(type)->expected(1)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  if (!shown_default.empty()) e.option->default_str(shown_default);
  return e.option;
}

CLI::Option* FlagSet::text(const std::string& name, std::string& out, const std::string& type,
                           const std::string& help) {
  return value(name, type, help, out, [&out, name](const std::string& v) {
    if (v.empty()) throw Error(name + " needs a value");
    out = v;
  });
}

CLI::Option* FlagSet::integer(const std::string& name, int& out, int lo, int hi, const std::string& help) {
  return value(name, "N", help, std::to_string(out),
               [&out, name, lo, hi](const std::string& v) { out = read_integer(name, v, lo, hi); });
}

CLI::Option* FlagSet::number(const std::string& name, float& out, double lo, double hi, bool lo_open,
                             const std::string& help) {
  return value(name, "X", help, shown_number(out), [&out, name, lo, hi, lo_open](const std::string& v) {
    out = float(read_number(name, v, lo, hi, lo_open));
  });
}

CLI::Option* FlagSet::number(const std::string& name, double& out, double lo, double hi, bool lo_open,
                             const std::string& help) {
  return value(name, "X", help, shown_number(out), [&out, name, lo, hi, lo_open](const std::string& v) {
    out = read_number(name, v, lo, hi, lo_open);
  });
}

CLI::Option* FlagSet::flag(const std::string& name, bool& out, const std::string& help) {
  Entry& e = add(name);
  e.read = [&out](const std::string&) { out = true; };
  e.option = app_.add_flag(name, help)->disable_flag_override();
  return e.option;
}

void FlagSet::read_all() {
  for (const std::string& extra : app_.remaining()) {
    if (extra.rfind("-", 0) == 0) {
      const std::string name = extra.substr(0, extra.find('='));
      throw Error("unknown flag " + name + " (see --help)");
    }
    throw Error("unexpected argument '" + extra + "' (flags start with --; see --help)");
  }
  for (const Entry& e : entries_)
    if (e.option->count() > 1) throw Error(e.name + " given twice");
  for (const Entry& e : entries_) {
    if (e.option->count() == 0) continue;
    e.read(e.values.empty() ? std::string() : e.values.front());
  }
  for (const auto& step : finish_) step();
}

namespace {

// CLI11's own refusals, in our words. Its messages name the option first ("--out: 1 required
// TEXT missing", "ae was given a disallowed flag override"); that name is kept.
std::string our_words(const CLI::ParseError& e) {
  const std::string what = e.what();
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&e)) {
    const size_t override_at = what.find(" was given a disallowed flag override");
    if (override_at != std::string::npos) {
      const std::string name = what.substr(0, override_at);
      return (name.rfind("-", 0) == 0 ? name : "--" + name) + " takes no value";
    }
    const size_t colon = what.find(':');
    if (what.find("missing") != std::string::npos && colon != std::string::npos)
      return what.substr(0, colon) + " needs a value";
  }
  // Anything else CLI11 says fits on its first line.
  return what.substr(0, what.find('\n'));
}

}  // namespace

FlagResult parse_flags(CLI::App& app, std::vector<std::string> args, std::string& message) {
  // Room for "--likelihood NAME=bernoulli" beside its text.
  app.get_formatter()->column_width(32);
  std::reverse(args.begin(), args.end());  // CLI11 takes them last first
  try {
    app.parse(args);
  } catch (const CLI::CallForHelp&) {
    message = app.help();
    return FlagResult::Help;
  } catch (const CLI::CallForAllHelp&) {
    message = app.help("", CLI::AppFormatMode::All);
    return FlagResult::Help;
  } catch (const CLI::ParseError& e) {
    message = our_words(e);
    return FlagResult::Error;
  } catch (const Error& e) {
    message = e.what();
    return FlagResult::Error;
  }
  return FlagResult::Ok;
}

int read_integer(const std::string& flag, const std::string& text, int lo, int hi) {
  int x = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
  if (ec != std::errc() || end != text.data() + text.size() || x < lo || x > hi)
    throw Error(flag + " '" + text + "': expected a whole number from " + std::to_string(lo) + " to " +
                std::to_string(hi));
  return x;
}

double read_number(const std::string& flag, const std::string& text, double lo, double hi, bool lo_open) {
  char* end = nullptr;
  const double x = std::strtod(text.c_str(), &end);
  const bool low_ok = lo_open ? x > lo : x >= lo;
  if (text.empty() || *end != '\0' || !std::isfinite(x) || !low_ok || x > hi) {
    char range[96];
    std::snprintf(range, sizeof range, "%s %g and at most %g", lo_open ? "above" : "at least", lo, hi);
    throw Error(flag + " '" + text + "': expected a number " + range);
  }
  return x;
}

std::string read_choice(const std::string& flag, const std::string& text, const std::vector<std::string>& choices) {
  if (std::find(choices.begin(), choices.end(), text) != choices.end()) return text;
  std::string list;
  for (size_t i = 0; i < choices.size(); ++i)
    list += (i == 0 ? "" : i + 1 == choices.size() ? " or " : ", ") + choices[i];
  throw Error(flag + " '" + text + "': expected " + list);
}

std::string shown_number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", x);
  return buf;
}

}  // namespace ll
