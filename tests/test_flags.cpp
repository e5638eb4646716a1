// The one flag table: `latentlab` (app/options.cpp) and `latentlab-cli train` (cli/command_line.cpp)
// read the same arguments into the same TrainConfig, apart from the defaults the table gives each;
// refusals are one line naming the flag; --help answers on the program and on every command.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "app/options.h"
#include "cli/command_line.h"
#include "core/flags/train_flags.h"
#include "core/train/train_mode.h"

namespace ll {
namespace {

using Args = std::vector<std::string>;

// latentlab's parse: the result, the config, and the message.
app::ParseResult gui(const Args& args, TrainConfig* cfg, std::string* msg = nullptr) {
  std::vector<std::string> owned{"latentlab"};
  owned.insert(owned.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& s : owned) argv.push_back(s.data());
  app::AppOptions o = app::default_options();
  std::string m;
  const app::ParseResult r = app::parse_options(int(argv.size()), argv.data(), o, m);
  if (cfg) *cfg = o.config;
  if (msg) *msg = m;
  return r;
}

// latentlab-cli train's parse, with the --out it requires.
FlagResult cli_train(const Args& args, TrainConfig* cfg, std::string* msg = nullptr) {
  Args argv{"train", "--out", "unused"};
  argv.insert(argv.end(), args.begin(), args.end());
  cli::CommandLine cl;
  std::string m;
  const FlagResult r = cli::parse_command_line(argv, cl, m);
  if (cfg) *cfg = cl.train.config;
  if (msg) *msg = m;
  return r;
}

TEST(Flags, BothFrontEndsReadEveryTrainingFlagTheSame) {
  const Args args{"--data", "synthetic:600", "--latent", "3", "--hidden", "64,32", "--activation", "tanh",
                  "--likelihood", "gaussian", "--learn-variance", "--batch", "32", "--lr=0.002",
                  "--beta", "2.5", "--warmup", "100", "--free-bits", "0.5", "--seed", "7",
                  "--threads", "3", "--epochs", "4", "--compare"};
  TrainConfig g, c;
  ASSERT_EQ(gui(args, &g), app::ParseResult::Ok);
  ASSERT_EQ(cli_train(args, &c), FlagResult::Ok);
  EXPECT_EQ(g, c);
  EXPECT_EQ(c.data, "synthetic:600");
  EXPECT_EQ(c.model.latent, 3);
  EXPECT_EQ(c.model.hidden, (std::vector<int>{64, 32}));
  EXPECT_EQ(c.model.activation, Activation::Tanh);
  EXPECT_EQ(c.model.likelihood, Likelihood::Gaussian);
  EXPECT_TRUE(c.model.learn_variance);
  EXPECT_EQ(c.batch, 32);
  EXPECT_FLOAT_EQ(c.lr, 0.002f);
  EXPECT_EQ(c.warmup_steps, 100);
  EXPECT_FLOAT_EQ(c.free_bits, 0.5f);
  EXPECT_EQ(c.seed, 7u);
  EXPECT_EQ(c.threads, 3);
  EXPECT_EQ(c.epochs, 4);
  EXPECT_EQ(c.arms, (std::vector<ArmConfig>{{ModelKind::Vae, 2.5f}, {ModelKind::Ae, 1.f}}));
}

TEST(Flags, TheDefaultsDifferOnlyWhereTheTableSays) {
  TrainConfig g, c;
  ASSERT_EQ(gui({"--data", "synthetic"}, &g), app::ParseResult::Ok);
  ASSERT_EQ(cli_train({"--data", "synthetic"}, &c), FlagResult::Ok);
  // The GUI: a 2-D latent, a VAE beside an AE, a core left to the UI, no epoch limit.
  EXPECT_EQ(g.model.latent, 2);
  EXPECT_EQ(mode_of(g.arms), TrainMode::VaeAe);
  EXPECT_EQ(g.threads, default_threads_beside_ui());
  EXPECT_EQ(g.epochs, 0);
  // The CLI: latent 20, a VAE alone, every core (at most 4), 10 epochs.
  EXPECT_EQ(c.model.latent, 20);
  EXPECT_EQ(mode_of(c.arms), TrainMode::Vae);
  EXPECT_EQ(c.threads, default_threads());
  EXPECT_EQ(c.epochs, 10);
  // Nothing else.
  g.model.latent = c.model.latent;
  g.arms = c.arms;
  g.threads = c.threads;
  g.epochs = c.epochs;
  EXPECT_EQ(g, c);
}

TEST(Flags, BetaMeansTheSameBeforeAndAfterTheModeFlag) {
  const std::vector<ArmConfig> two_vaes{{ModelKind::Vae, 2.f}, {ModelKind::Vae, 5.f}};
  for (const Args& args : {Args{"--beta", "2", "--compare-beta", "5"}, Args{"--compare-beta", "5", "--beta", "2"}}) {
    TrainConfig g, c;
    ASSERT_EQ(gui(args, &g), app::ParseResult::Ok) << args[0];
    ASSERT_EQ(cli_train(args, &c), FlagResult::Ok) << args[0];
    EXPECT_EQ(g.arms, two_vaes) << args[0];
    EXPECT_EQ(c.arms, two_vaes) << args[0];
  }
  for (const Args& args : {Args{"--beta", "3", "--compare"}, Args{"--compare", "--beta", "3"}}) {
    TrainConfig g;
    ASSERT_EQ(gui(args, &g), app::ParseResult::Ok);
    EXPECT_EQ(g.arms, (std::vector<ArmConfig>{{ModelKind::Vae, 3.f}, {ModelKind::Ae, 1.f}})) << args[0];
  }
  // Every mode flag picks the models train_modes() says, in both programs.
  for (const TrainModeInfo& m : train_modes()) {
    Args args{m.flag};
    if (m.mode == TrainMode::VaeVae) args.push_back("4");
    TrainConfig g, c;
    ASSERT_EQ(gui(args, &g), app::ParseResult::Ok) << m.flag;
    ASSERT_EQ(cli_train(args, &c), FlagResult::Ok) << m.flag;
    EXPECT_EQ(mode_of(g.arms), m.mode) << m.flag;
    EXPECT_EQ(g.arms, c.arms) << m.flag;
  }
}

TEST(Flags, ARefusalIsOneLineNamingTheFlag) {
  struct Case {
    Args args;
    std::string says;
  };
  const std::vector<Case> cases{
      {{"--latent", "0"}, "--latent '0': expected a whole number from 1 to 4096"},
      {{"--latent=abc"}, "--latent 'abc': expected a whole number from 1 to 4096"},
      {{"--lr", "0"}, "--lr '0': expected a number above 0"},
      {{"--beta", "-1"}, "--beta '-1': expected a number at least 0"},
      {{"--hidden", "400,abc"}, "--hidden"},
      {{"--activation", "gelu"}, "--activation 'gelu': expected relu or tanh"},
      {{"--likelihood", "poisson"}, "--likelihood 'poisson': expected bernoulli or gaussian"},
      {{"--threads", "0"}, "--threads '0': expected a whole number from 1 to 256"},
      {{"--lern-rate", "1"}, "unknown flag --lern-rate"},
      {{"--latent"}, "--latent needs a value"},
      {{"--latent", "3", "--latent", "4"}, "--latent given twice"},
      {{"--ae", "--ae"}, "--ae given twice"},
      {{"--ae=1"}, "--ae takes no value"},
      {{"--ae", "--compare"}, "choose one of --compare, --compare-beta, --vae and --ae"},
      {{"--learn-variance"}, "--learn-variance needs --likelihood gaussian"},
      {{"stray"}, "unexpected argument 'stray'"},
  };
  for (const Case& k : cases) {
    std::string gm, cm;
    EXPECT_EQ(gui(k.args, nullptr, &gm), app::ParseResult::Error) << k.says;
    EXPECT_EQ(cli_train(k.args, nullptr, &cm), FlagResult::Error) << k.says;
    for (const std::string& m : {gm, cm}) {
      EXPECT_NE(m.find(k.says), std::string::npos) << "expected '" << k.says << "' in: " << m;
      EXPECT_EQ(m.find('\n'), std::string::npos) << m;
    }
  }
  // Front-end flags: checked the same way.
  std::string m;
  EXPECT_EQ(gui({"--size", "100x100"}, nullptr, &m), app::ParseResult::Error);
  EXPECT_NE(m.find("--size"), std::string::npos) << m;
  EXPECT_EQ(gui({"--tab", "nowhere"}, nullptr, &m), app::ParseResult::Error);
  EXPECT_NE(m.find("--tab"), std::string::npos) << m;
  EXPECT_EQ(gui({"--out", "x"}, nullptr, &m), app::ParseResult::Error);  // the CLI's, not the GUI's
  EXPECT_NE(m.find("unknown flag --out"), std::string::npos) << m;
  cli::CommandLine cl;
  EXPECT_EQ(cli::parse_command_line({"train", "--data", "synthetic"}, cl, m), FlagResult::Error);
  EXPECT_EQ(m, "--out is required");
  EXPECT_EQ(cli::parse_command_line({"train", "--out", "x", "--epochs", "0"}, cl, m), FlagResult::Error);
  EXPECT_NE(m.find("--epochs '0'"), std::string::npos) << m;
  EXPECT_EQ(cli::parse_command_line({"eval", "--checkpoint", "c", "--grid", "0"}, cl, m), FlagResult::Error);
  EXPECT_NE(m.find("--grid '0'"), std::string::npos) << m;
  EXPECT_EQ(cli::parse_command_line({"bogus"}, cl, m), FlagResult::Error);
  EXPECT_NE(m.find("unknown command 'bogus'"), std::string::npos) << m;
}

TEST(Flags, HelpListsTheFlagsWithThisProgramsDefaults) {
  std::string m;
  ASSERT_EQ(gui({"--help"}, nullptr, &m), app::ParseResult::Help);
  for (const char* f : {"--warmup", "--free-bits", "--activation", "--epochs", "--vae", "--size", "--tab"})
    EXPECT_NE(m.find(f), std::string::npos) << f;
  EXPECT_NE(m.find("--latent N=2 "), std::string::npos) << m;
  // --help wins over a bad value beside it.
  EXPECT_EQ(gui({"--latent", "0", "--help"}, nullptr, &m), app::ParseResult::Help);
  cli::CommandLine cl;
  ASSERT_EQ(cli::parse_command_line({"train", "--help"}, cl, m), FlagResult::Help);
  EXPECT_NE(m.find("--latent N=20 "), std::string::npos) << m;
  EXPECT_NE(m.find("--out DIR REQUIRED"), std::string::npos) << m;
  EXPECT_EQ(m.find("--size"), std::string::npos) << m;
  // Each program's help states the other's different defaults, from the one table.
  EXPECT_NE(m.find(defaults_summary(Frontend::Gui)), std::string::npos) << m;
  EXPECT_EQ(defaults_summary(Frontend::CliTrain).rfind("latent 20, VAE only, ", 0), 0u);
  ASSERT_EQ(gui({"--help"}, nullptr, &m), app::ParseResult::Help);
  EXPECT_NE(m.find(defaults_summary(Frontend::CliTrain)), std::string::npos) << m;
}

// The binary: `--help` on the program and every command exits 0 on stdout; a refusal exits 2
// with one line on stderr.
int run(const std::string& args, std::string& out, std::string& err) {
  std::filesystem::create_directories(LATENTLAB_TEST_TMP);
  const std::string tmp = std::string(LATENTLAB_TEST_TMP) + "/flags_err.txt";
  const std::string cmd = std::string(LATENTLAB_CLI) + " " + args + " 2>" + tmp;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return -1;
  char buf[4096];
  out.clear();
  while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  const int status = pclose(p);
  err.clear();
  if (FILE* f = std::fopen(tmp.c_str(), "r")) {
    while (size_t n = fread(buf, 1, sizeof buf, f)) err.append(buf, n);
    std::fclose(f);
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(Flags, TheCliAnswersHelpEverywhere) {
  std::string out, err;
  ASSERT_EQ(run("--help", out, err), 0) << err;
  for (const char* c : {"train", "eval", "export", "bench"}) EXPECT_NE(out.find(c), std::string::npos) << c;
  for (const char* c : {"train", "eval", "export", "bench"}) {
    ASSERT_EQ(run(std::string(c) + " --help", out, err), 0) << c << ": " << err;
    EXPECT_NE(out.find("Usage: latentlab-cli " + std::string(c)), std::string::npos) << out;
    EXPECT_TRUE(err.empty()) << err;
  }
  EXPECT_EQ(run("train --latent 0 --out x", out, err), 2);
  EXPECT_EQ(err, "latentlab-cli train: --latent '0': expected a whole number from 1 to 4096\n");
  EXPECT_EQ(run("bench --lern-rate=1", out, err), 2);
  EXPECT_EQ(err, "latentlab-cli bench: unknown flag --lern-rate (see --help)\n");
}

}  // namespace
}  // namespace ll
