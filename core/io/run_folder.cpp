#include "core/io/run_folder.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

#include "core/error.h"
#include "core/io/safetensors_header.h"

namespace ll {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kSuffix = ".safetensors";
constexpr const char* kMetrics = "metrics.csv";

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

bool stamp_of(const std::string& path, FileStamp& out) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  out.size = uint64_t(st.st_size);
  out.mtime_ns = int64_t(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  out.inode = uint64_t(st.st_ino);
  return true;
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

bool is_temporary_name(std::string_view n) {
  return n.empty() || n.front() == '.' || n.find(".tmp") != std::string_view::npos || ends_with(n, ".part") ||
         ends_with(n, "~");
}

bool is_checkpoint_name(std::string_view n) {
  return ends_with(n, kSuffix) && n.size() > kSuffix.size() && !is_temporary_name(n);
}

RunCheckpoint read_run_checkpoint(const std::string& path) {
  RunCheckpoint out;
  out.path = path;
  out.name = fs::path(path).filename().string();
  if (!stamp_of(path, out.stamp)) throw Error(path + ": cannot stat: " + std::strerror(errno));
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
  if (!f) throw Error(path + ": cannot open: " + std::strerror(errno));
  const uint64_t size = out.stamp.size;
  unsigned char prefix[8];
  if (size < 8 || std::fread(prefix, 1, 8, f.get()) != 8)
    throw Error(path + ": file is " + std::to_string(size) +
                " bytes, expected at least 8 (the header length at offset 0)");
  uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | prefix[i];
  if (n > size - 8 || n > io::kMaxSafetensorsHeader)
    throw Error(path + ": header of " + std::to_string(n) + " bytes declared at offset 0, but the file ends at offset " +
                std::to_string(size) + " (truncated, or not a safetensors file)");
  std::string header(size_t(n), '\0');
  if (std::fread(header.data(), 1, header.size(), f.get()) != header.size())
    throw Error(path + ": unexpected end of file reading the header at offset 8");
  // The layout check covers the data too: a file cut short in its tensors fails here.
  const io::SafetensorsLayout layout = io::parse_safetensors_header(path, header, size - 8 - n);
  auto field = [&](const char* key) -> const std::string& {
    auto it = layout.metadata.find(key);
    if (it == layout.metadata.end())
      throw Error(path + ": metadata field '" + key + "' missing (expected a LatentLab checkpoint)");
    return it->second;
  };
  try {
    out.kind = parse_model_kind(field("kind"));
  } catch (const Error& e) {
    throw Error(path + ": metadata field 'kind': " + e.what());
  }
  const std::string& step = field("step");
  char* end = nullptr;
  const long long v = std::strtoll(step.c_str(), &end, 10);
  if (step.empty() || *end != '\0' || v < 0)
    throw Error(path + ": metadata field 'step' is '" + step + "', expected a whole number >= 0");
  out.step = v;
  return out;
}

std::vector<RunCheckpoint> newest_by_kind(const std::vector<RunCheckpoint>& all) {
  std::vector<RunCheckpoint> out;
  for (ModelKind kind : {ModelKind::Vae, ModelKind::Ae}) {
    const RunCheckpoint* best = nullptr;
    for (const RunCheckpoint& c : all)
      if (c.kind == kind && (!best || c.step > best->step || (c.step == best->step && c.name > best->name)))
        best = &c;
    if (best) out.push_back(*best);
  }
  return out;
}

namespace {

// One CSV line's fields; RFC 4180 quotes as io::to_csv writes them.
std::vector<std::string> split_csv_line(std::string_view line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

}  // namespace

std::map<std::string, RunCurves> parse_metrics_csv(std::string_view text, const std::string& name) {
  static const std::vector<std::string> kHeader = {"model", "split", "step", "epoch", "neg_elbo", "reconstruction", "kl"};
  std::map<std::string, RunCurves> out;
  size_t line_no = 0, pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::string where = name + ": line " + std::to_string(line_no);
    if (line_no == 1) {
      if (split_csv_line(line) != kHeader)
        throw Error(where + ": header is '" + std::string(line) +
                    "', expected 'model,split,step,epoch,neg_elbo,reconstruction,kl'");
      continue;
    }
    if (line.empty()) continue;
    const std::vector<std::string> f = split_csv_line(line);
    if (f.size() != kHeader.size())
      throw Error(where + ": " + std::to_string(f.size()) + " fields, expected " + std::to_string(kHeader.size()));
    if (f[1] != "train" && f[1] != "test")
      throw Error(where + ", column 'split': '" + f[1] + "', expected train or test");
    double v[5];
    for (int c = 0; c < 5; ++c) {
      const std::string& cell = f[size_t(c) + 2];
      char* end = nullptr;
      v[c] = std::strtod(cell.c_str(), &end);
      if (cell.empty() || *end != '\0')
        throw Error(where + ", column '" + kHeader[size_t(c) + 2] + "': '" + cell + "', expected a number");
    }
    if (!(v[0] >= 0 && v[0] <= 0x1p53))
      throw Error(where + ", column 'step': '" + f[2] + "', expected a whole number >= 0");
    RunCurves& curves = out[f[0]];
    (f[1] == "train" ? curves.train : curves.test).push_back({int64_t(v[0]), v[1], v[2], v[3], v[4]});
  }
  if (line_no == 0) throw Error(name + ": empty, expected the header 'model,split,step,epoch,neg_elbo,reconstruction,kl'");
  return out;
}

std::map<std::string, RunCurves> read_metrics_csv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open: " + std::strerror(errno));
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse_metrics_csv(text, path);
}

RunFolderWatch::RunFolderWatch(std::string dir) : dir_(std::move(dir)) {}

std::string RunFolderWatch::metrics_path() const { return (fs::path(dir_) / kMetrics).string(); }

RunFolderWatch::Changes RunFolderWatch::poll() {
  Changes out;
  std::error_code ec;
  if (!fs::is_directory(dir_, ec)) {
    out.folder_exists = false;
    seen_.clear();
    return out;
  }
  std::map<std::string, FileStamp> now;
  for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name != kMetrics && !is_checkpoint_name(name)) continue;
    FileStamp st;
    if (stamp_of(it->path().string(), st)) now[name] = st;
  }
  for (const auto& [name, st] : now) {
    if (name != kMetrics) ++out.checkpoint_files;
    auto prev = seen_.find(name);
    const bool still = prev != seen_.end() && prev->second == st;
    auto taken = taken_.find(name);
    if (!still || (taken != taken_.end() && taken->second == st)) continue;
    taken_[name] = st;
    if (name == kMetrics)
      out.metrics = true;
    else
      out.checkpoints.push_back((fs::path(dir_) / name).string());
  }
  seen_ = std::move(now);
  return out;
}

}  // namespace ll
