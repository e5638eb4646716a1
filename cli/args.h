#pragma once
// Flags of one subcommand: `--name value` or `--name=value`, and bare `--switch`es.
// Every flag must be read by the command (finish() rejects the rest), and every value is
// checked, so a typo or nonsense number is an error, never silently ignored.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ll::cli {

class Args {
 public:
  Args(const std::vector<std::string>& argv, const std::set<std::string>& switches);

  bool has(const std::string& name);  // a switch, or a value flag that was given
  std::optional<std::string> value(const std::string& name);
  std::string str(const std::string& name, const std::string& fallback);
  std::string required(const std::string& name);
  int integer(const std::string& name, int fallback, int lo, int hi);
  double number(const std::string& name, double fallback, double lo, double hi, bool lo_open = false);
  void finish() const;  // throws on flags no one read

 private:
  std::map<std::string, std::string> values_;
  std::set<std::string> switches_given_;
  mutable std::set<std::string> read_;
};

}  // namespace ll::cli
