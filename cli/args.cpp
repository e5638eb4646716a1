#include "cli/args.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "core/error.h"

namespace ll::cli {

Args::Args(const std::vector<std::string>& argv, const std::set<std::string>& switches) {
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a.rfind("--", 0) != 0 || a.size() < 3) throw Error("unexpected argument '" + a + "'");
    std::string name = a.substr(2), val;
    const size_t eq = name.find('=');
    const bool inline_value = eq != std::string::npos;
    if (inline_value) {
      val = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (switches.count(name)) {
      if (inline_value) throw Error("--" + name + " takes no value");
      switches_given_.insert(name);
      continue;
    }
    if (!inline_value) {
      if (i + 1 >= argv.size()) throw Error("--" + name + " needs a value");
      val = argv[++i];
    }
    if (values_.count(name)) throw Error("--" + name + " given twice");
    values_[name] = val;
  }
}

bool Args::has(const std::string& name) {
  read_.insert(name);
  return switches_given_.count(name) || values_.count(name);
}

std::optional<std::string> Args::value(const std::string& name) {
  read_.insert(name);
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::string Args::str(const std::string& name, const std::string& fallback) {
  return value(name).value_or(fallback);
}

std::string Args::required(const std::string& name) {
  auto v = value(name);
  if (!v || v->empty()) throw Error("--" + name + " is required");
  return *v;
}

int Args::integer(const std::string& name, int fallback, int lo, int hi) {
  auto v = value(name);
  if (!v) return fallback;
  int x = 0;
  auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), x);
  if (ec != std::errc() || end != v->data() + v->size() || x < lo || x > hi)
    throw Error("--" + name + " '" + *v + "': expected a whole number from " + std::to_string(lo) +
                " to " + std::to_string(hi));
  return x;
}

double Args::number(const std::string& name, double fallback, double lo, double hi, bool lo_open) {
  auto v = value(name);
  if (!v) return fallback;
  char* end = nullptr;
  const double x = std::strtod(v->c_str(), &end);
  const bool low_ok = lo_open ? x > lo : x >= lo;
  if (v->empty() || *end != '\0' || !std::isfinite(x) || !low_ok || x > hi) {
    char range[96];
    std::snprintf(range, sizeof range, "%s %g and at most %g", lo_open ? "above" : "at least", lo, hi);
    throw Error("--" + name + " '" + *v + "': expected a number " + range);
  }
  return x;
}

void Args::finish() const {
  for (const auto& [name, _] : values_)
    if (!read_.count(name)) throw Error("unknown flag --" + name);
  for (const auto& name : switches_given_)
    if (!read_.count(name)) throw Error("unknown flag --" + name);
}

}  // namespace ll::cli
