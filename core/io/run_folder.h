#pragma once
// A run folder that another trainer writes into (latentlab-cli train --out, python3 -m
// latentlab_torch.train --out): <name>.safetensors checkpoints, each renamed into place when
// complete, and metrics.csv. The explorer follows it (`latentlab --follow DIR`); reading it
// is here so that it is tested without a display.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/train/snapshot.h"
#include "core/vae/model_config.h"

namespace ll {

// What tells a rewritten file from the one already read. Polled, not inotify: portable, and
// it also sees files on network filesystems, where a run bigger than this machine lives.
struct FileStamp {
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  uint64_t inode = 0;
  bool operator==(const FileStamp&) const = default;
};

// Names a writer uses while a file is incomplete: "vae.safetensors.tmp-123" (ours and
// latentlab_torch's), hidden files (".vae.safetensors.XXXX", rsync), "*.part", "*.tmp", "*~".
bool is_temporary_name(std::string_view file_name);
// A checkpoint a run folder may hold: "<stem>.safetensors", not temporary.
bool is_checkpoint_name(std::string_view file_name);

struct RunCheckpoint {
  std::string path;  // dir/name
  std::string name;  // "vae.safetensors"
  FileStamp stamp;
  ModelKind kind = ModelKind::Vae;  // from the metadata
  int64_t step = 0;                 // from the metadata
};

// The metadata of one checkpoint, reading only its header. Throws ll::Error naming the file
// and the offset for a short file, or the field for a wrong one (not a LatentLab checkpoint).
RunCheckpoint read_run_checkpoint(const std::string& path);

// The newest checkpoint of each model kind (by the step in the metadata; at equal steps the
// later name), Vae before Ae.
std::vector<RunCheckpoint> newest_by_kind(const std::vector<RunCheckpoint>& all);

// A run's curves by model name ("vae", "ae", "vae-b"), as write_metrics_csv writes them.
struct RunCurves {
  std::vector<MetricPoint> train, test;
};
// Parses metrics.csv's text. Throws ll::Error naming `name`, the line and the column on a
// wrong header, a short row, an unknown split or a cell that is not a number.
std::map<std::string, RunCurves> parse_metrics_csv(std::string_view text, const std::string& name);
std::map<std::string, RunCurves> read_metrics_csv(const std::string& path);

// Polls a run folder for checkpoints and metrics.csv that are new or rewritten. A file is
// handed out once its stamp held still over two polls (a writer that does not rename may
// still be appending), and only once per stamp: a file that failed to load is not retried
// until it changes.
class RunFolderWatch {
 public:
  explicit RunFolderWatch(std::string dir);
  const std::string& dir() const { return dir_; }
  std::string metrics_path() const;

  struct Changes {
    std::vector<std::string> checkpoints;  // paths, by name
    bool metrics = false;                  // metrics.csv is new or rewritten
    bool folder_exists = true;
    size_t checkpoint_files = 0;           // complete checkpoint names in the folder now
  };
  Changes poll();

 private:
  std::string dir_;
  std::map<std::string, FileStamp> seen_;   // name -> stamp at the last poll
  std::map<std::string, FileStamp> taken_;  // name -> stamp last handed out
};

}  // namespace ll
