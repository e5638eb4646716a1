#pragma once
// The flags of one program or subcommand, declared on a CLI11 app but read by us after it has
// parsed: CLI11 finds the flags and their texts (`--name value`, `--name=value`, --help), and
// every value is then checked here, so that each refusal is one line naming the flag and what
// was expected, a flag given twice is refused rather than the last one kept, and --help answers
// even beside a bad value (CLI11 would run value checks first).
#include <deque>
#include <functional>
#include <string>
#include <vector>

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace ll {

class FlagSet {
 public:
  // Reads the values when `app` has parsed (its final callback). Neither may move after this.
  explicit FlagSet(CLI::App& app);
  FlagSet(const FlagSet&) = delete;
  FlagSet& operator=(const FlagSet&) = delete;

  // `--name VALUE`: `read` turns the text into the setting and throws ll::Error when it is not
  // one. `shown_default` is what --help prints after the type ("N=20"); empty prints none.
  CLI::Option* value(const std::string& name, const std::string& type, const std::string& help,
                     const std::string& shown_default, std::function<void(const std::string&)> read);
  // Typed shorthands; their default is what `out` holds now.
  CLI::Option* text(const std::string& name, std::string& out, const std::string& type, const std::string& help);
  CLI::Option* integer(const std::string& name, int& out, int lo, int hi, const std::string& help);
  CLI::Option* number(const std::string& name, float& out, double lo, double hi, bool lo_open,
                      const std::string& help);
  CLI::Option* number(const std::string& name, double& out, double lo, double hi, bool lo_open,
                      const std::string& help);
  // `--name` alone; a value (`--name=1`) is refused.
  CLI::Option* flag(const std::string& name, bool& out, const std::string& help);

  // Runs after every value has been read: checks that need several flags (modes, validate()).
  void then(std::function<void()> step) { finish_.push_back(std::move(step)); }

 private:
  struct Entry {
    std::string name;
    CLI::Option* option = nullptr;
    std::vector<std::string> values;
    std::function<void(const std::string&)> read;  // empty for a flag
  };
  void read_all();
  Entry& add(const std::string& name);

  CLI::App& app_;
  std::deque<Entry> entries_;  // stable addresses: CLI11's callbacks hold them
  std::vector<std::function<void()>> finish_;
};

enum class FlagResult { Ok, Help, Error };
// Parses args (without the program name) onto `app` and its subcommands. Help: `message` is
// the help text of the (sub)command asked. Error: one line naming the flag and what was wrong.
FlagResult parse_flags(CLI::App& app, std::vector<std::string> args, std::string& message);

// The value checks, with the messages every flag uses:
//   --latent '0': expected a whole number from 1 to 4096
//   --lr '-1': expected a number above 0 and at most 3.40282e+38
int read_integer(const std::string& flag, const std::string& text, int lo, int hi);
double read_number(const std::string& flag, const std::string& text, double lo, double hi, bool lo_open);
// --likelihood 'x': expected bernoulli or gaussian
std::string read_choice(const std::string& flag, const std::string& text, const std::vector<std::string>& choices);
// "%g": how a default number is shown in --help.
std::string shown_number(double x);

}  // namespace ll
