#include "app/widgets/arm_label.h"

#include <cstdio>

namespace app::widgets {

std::string arm_label(const ll::TrainConfig& cfg, size_t arm) {
  const ll::ArmConfig& a = cfg.arms.at(arm);
  if (a.kind == ll::ModelKind::Ae) return arm > 0 && cfg.arms[0].kind == ll::ModelKind::Ae ? "AE (B)" : "AE";
  bool other_vae = false;
  for (size_t i = 0; i < cfg.arms.size(); ++i) other_vae |= i != arm && cfg.arms[i].kind == ll::ModelKind::Vae;
  if (!other_vae && a.beta == 1.f) return "VAE";
  char buf[32];
  std::snprintf(buf, sizeof buf, "VAE \xce\xb2=%g", double(a.beta));
  return buf;
}

}  // namespace app::widgets
