#include "app/panels/status_bar.h"

#include <imgui.h>

#include <filesystem>

#include "app/widgets/text.h"

namespace app {

void StatusBar::draw(const ll::Snapshot& s, const Notices& notices, double frame_ms, Events& events) {
  const ImVec2 w0 = ImGui::GetWindowPos(), wsz = ImGui::GetWindowSize();
  events.region("status", w0, ImVec2(w0.x + wsz.x, w0.y + wsz.y));
  frame_ms_avg_ = frame_ms_avg_ == 0 ? frame_ms : 0.95 * frame_ms_avg_ + 0.05 * frame_ms;
  using St = ll::TrainerStatus;
  ImVec4 col(0.7f, 0.7f, 0.72f, 1);
  switch (s.status) {
    case St::Running:
    case St::Following: col = ImVec4(0.4f, 0.85f, 0.45f, 1); break;
    case St::Paused:
    case St::Loading: col = ImVec4(1.f, 0.78f, 0.3f, 1); break;
    case St::Diverged:
    case St::Failed: col = ImVec4(1.f, 0.4f, 0.4f, 1); break;
    default: break;
  }
  ImGui::AlignTextToFramePadding();
  if (!s.follow_dir.empty()) {
    // Whose run this is matters more than the step counter: name the folder and the file.
    if (s.followed.empty())
      ImGui::TextColored(col, "● following %s (waiting for a checkpoint)", s.follow_dir.c_str());
    else
      ImGui::TextColored(col, "● following %s (step %s, file %s)", s.follow_dir.c_str(),
                         widgets::thousands(s.followed.back().step).c_str(),
                         std::filesystem::path(s.followed.back().file).filename().c_str());
  } else {
    ImGui::TextColored(col, "● %s", ll::to_string(s.status));
  }
  ImGui::SameLine(0, 16);
  ImGui::Text("step %s", widgets::thousands(s.step).c_str());
  ImGui::SameLine(0, 16);
  ImGui::Text("epoch %.2f", s.epoch);
  ImGui::SameLine(0, 16);
  ImGui::Text("%s samples/s", widgets::thousands((long long)(s.samples_per_s + 0.5)).c_str());
  ImGui::SameLine(0, 16);
  ImGui::Text("frame %.1f ms", frame_ms_avg_);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Time to build and draw one frame (the UI caps its rate)");
  ImGui::SameLine(0, 16);
  if (s.data)
    ImGui::Text("%s  %s train / %s test  %d×%d%s", s.data->name.c_str(), widgets::thousands(s.data->train.count).c_str(),
                widgets::thousands(s.data->test.count).c_str(), s.data->width, s.data->height,
                s.data->channels == 3 ? " RGB" : "");
  ImGui::SameLine(0, 16);
  if (!notices.text.empty()) {
    ImGui::TextColored(notices.is_error ? ImVec4(1.f, 0.45f, 0.45f, 1) : ImVec4(0.6f, 0.62f, 0.66f, 1), "%s%s",
                       notices.is_error ? "error: " : "", notices.text.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", notices.text.c_str());
  }
}

}  // namespace app
