#include "app/panels/controls.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <filesystem>

#include "app/widgets/arm_label.h"

namespace app {

void ControlsPanel::section_files(const ll::Snapshot& s, ll::Trainer& trainer, Notices& notices, Events& events,
                                  ControlRequests& out) {
  const float bw = 56;
  const float w = ImGui::GetContentRegionAvail().x - bw - ImGui::GetStyle().ItemSpacing.x;
  ImGui::TextDisabled("Checkpoints: save into a folder");
  ImGui::SetNextItemWidth(w);
  ImGui::InputText("##save", &save_dir_);
  ImGui::SameLine();
  const bool save = ImGui::Button("Save", ImVec2(bw, 0));
  events.region("button-save", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Writes <folder>/<model>.safetensors for each model (weights and Adam state)");
  if (save) {
    if (save_dir_.empty())
      notices.post("Save: type a folder to write the checkpoints into", true);
    else
      trainer.send({ll::Command::Type::Save, 0, -1, save_dir_, {}});
  }
  ImGui::TextDisabled("load a file into");
  ImGui::SameLine();
  std::string arm_names = "its kind";
  arm_names.push_back('\0');
  for (size_t k = 0; k < s.arms.size(); ++k) {
    arm_names += widgets::arm_label(s.config, k);
    arm_names.push_back('\0');
  }
  int choice = load_arm_ + 1;
  ImGui::SetNextItemWidth(-1);
  if (ImGui::Combo("##arm", &choice, arm_names.c_str())) load_arm_ = choice - 1;
  load_arm_ = std::min(load_arm_, int(s.arms.size()) - 1);
  ImGui::SetNextItemWidth(w);
  ImGui::InputText("##load", &load_path_);
  events.region("load-path", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  ImGui::SameLine();
  const bool load = ImGui::Button("Load", ImVec2(bw, 0));
  events.region("button-load", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  if (load) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(load_path_, ec))
      notices.post("Load: " + load_path_ + ": no such file", true);
    else
      trainer.send({ll::Command::Type::Load, 0, load_arm_, load_path_, {}});
  }
  ImGui::TextDisabled("Follow a run folder (another trainer's)");
  const bool following = !s.follow_dir.empty();
  // The field names the folder followed, however the following began (--follow or here).
  if (following && follow_dir_ != s.follow_dir && !ImGui::IsWindowFocused()) follow_dir_ = s.follow_dir;
  ImGui::SetNextItemWidth(w);
  ImGui::InputText("##follow", &follow_dir_);
  events.region("follow-path", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  ImGui::SameLine();
  const bool follow = ImGui::Button(following ? "Stop##follow" : "Follow", ImVec2(bw, 0));
  events.region("button-follow", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(following ? "Stop following: the last followed models stay, and Train trains them here"
                                : "Stops training here and shows the run in the folder: its vae/ae.safetensors as "
                                  "they are renamed into place, and its metrics.csv as the curves");
  if (follow) {
    if (following)
      trainer.send({ll::Command::Type::Unfollow, 0, -1, "", {}});
    else if (follow_dir_.empty())
      notices.post("Follow: type the run folder to follow (python3 -m latentlab_torch.train --out DIR)", true);
    else
      trainer.send({ll::Command::Type::Follow, 0, -1, follow_dir_, {}});
  }
  ImGui::TextDisabled("Export the views as PNGs into");
  ImGui::SetNextItemWidth(w);
  ImGui::InputText("##export", &export_dir_);
  ImGui::SameLine();
  const bool exp = ImGui::Button("Export", ImVec2(bw, 0));
  events.region("button-export", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("window.png and one PNG per view (maps, decoded images, curves, ...)");
  if (exp) {
    if (export_dir_.empty())
      notices.post("Export: type a folder to write the PNGs into", true);
    else
      out.export_dir = export_dir_;
  }
}

}  // namespace app
