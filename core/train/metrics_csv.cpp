#include "core/train/metrics_csv.h"

#include "core/io/csv.h"

namespace ll {

void write_metrics_csv(const std::string& path, const Snapshot& s) {
  std::vector<io::CsvRow> rows;
  for (const ArmSnapshot& a : s.arms)
    for (const char* split : {"train", "test"})
      for (const MetricPoint& p : std::string(split) == "train" ? a.train : a.test)
        rows.push_back({a.name, std::string(split), double(p.step), p.epoch, p.loss, p.rec, p.kl});
  io::write_csv(path, {"model", "split", "step", "epoch", "neg_elbo", "reconstruction", "kl"}, rows);
}

}  // namespace ll
