#include "app/panels/timeline.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "app/widgets/text.h"

namespace app {
namespace {

constexpr double kPlaySeconds = 0.3;  // per frame while playing

// The frame nearest to `step` (history is ordered by step).
size_t nearest_frame(const std::vector<std::shared_ptr<const ll::HistoryFrame>>& h, int64_t step) {
  auto it = std::lower_bound(h.begin(), h.end(), step, [](const auto& f, int64_t s) { return f->step < s; });
  if (it == h.end()) return h.size() - 1;
  if (it != h.begin() && step - (*(it - 1))->step < (*it)->step - step) --it;
  return size_t(it - h.begin());
}

bool fits(const ll::HistoryFrame& f, const ll::Snapshot& s) {
  const size_t L = size_t(s.config.model.latent);
  if (f.arms.size() != s.arms.size()) return false;
  for (size_t i = 0; i < f.arms.size(); ++i)
    if (f.arms[i].codes_mu.size() != s.code_index.size() * L ||
        f.arms[i].config.input_dim != (s.arms[i].model ? s.arms[i].model->config().input_dim : -1))
      return false;
  return true;
}

}  // namespace

void TimelinePanel::go_live(TimelineState& state) {
  state.time_step = -1;
  state.playing = false;
  frame_.reset();
  past_.reset();
}

std::shared_ptr<const ll::Snapshot> TimelinePanel::resolve(const std::shared_ptr<const ll::Snapshot>& live,
                                                           TimelineState& state, double now_s, Events& events) {
  const auto& h = live->history;
  if (state.playing && state.time_step < 0 && !h.empty()) {
    state.time_step = h.front()->step;  // play from the start
    next_advance_ = now_s + kPlaySeconds;
  }
  // A Reset (new models, history cleared) or new data: the past shown is gone.
  if (state.time_step >= 0 && (h.empty() || live->data.get() != past_data_)) go_live(state);
  if (state.time_step >= 0 && !h.empty()) {
    size_t i = nearest_frame(h, state.time_step);
    if (state.playing && now_s >= next_advance_) {
      next_advance_ = now_s + kPlaySeconds;
      if (i + 1 < h.size()) {
        ++i;
      } else {
        go_live(state);  // played up to the present
      }
    }
    if (state.time_step >= 0) {
      if (h[i] != frame_ || !past_) {
        if (!fits(*h[i], *live)) {
          go_live(state);
        } else {
          auto p = std::make_shared<ll::Snapshot>(*live);
          const ll::HistoryFrame& f = *h[i];
          p->step = f.step;
          p->epoch = f.epoch;
          for (size_t a = 0; a < p->arms.size(); ++a) {
            ll::ArmSnapshot& A = p->arms[a];
            const ll::HistoryArm& H = f.arms[a];
            A.model = H.model();  // int8-block weights of that step: the views decode and encode with it
            A.codes_mu = H.codes_mu;
            A.codes_logvar = H.codes_logvar;
            A.recon.resize(H.recon.size());
            for (size_t k = 0; k < H.recon.size(); ++k) A.recon[k] = float(H.recon[k]) / 255.f;
            A.views_step = f.step;
            A.collapse = H.collapse;
            A.collapse_step = H.collapse_step;
          }
          frame_ = h[i];
          past_ = std::move(p);
          past_data_ = live->data.get();
        }
      }
      if (state.time_step >= 0) state.time_step = frame_->step;
    }
  }
  if (state.time_step < 0) {
    frame_.reset();
    past_.reset();
    past_data_ = live->data.get();
  }
  const int64_t shown = state.time_step >= 0 ? frame_->step : -1;
  if (shown != announced_) {
    announced_ = shown;
    if (shown < 0)
      events.say("TIMELINE live step=%lld", (long long)live->step);
    else
      events.say("TIMELINE step=%lld epoch=%.3f", (long long)frame_->step, frame_->epoch);
  }
  return state.time_step >= 0 && past_ ? past_ : live;
}

void TimelinePanel::draw(const ll::Snapshot& live, TimelineState& state, Events& events) {
  const auto& h = live.history;
  const int n = int(h.size());
  const bool past = state.time_step >= 0 && frame_;
  ImGui::AlignTextToFramePadding();

  // Play / pause: from the start when live.
  ImGui::BeginDisabled(n == 0);
  if (ImGui::Button(state.playing ? "▮▮" : "▶", ImVec2(28, 0))) {
    state.playing = !state.playing;
    next_advance_ = 0;
  }
  ImGui::EndDisabled();
  events.region("timeline-play", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip(state.playing ? "Pause the replay" : "Replay the run from its first kept step: watch the latent space form");
  ImGui::SameLine();

  // The track: one stop per kept frame, evenly spaced (thinning keeps the start as dense as
  // the end, so even spacing gives the early steps room), and "now" at the right end.
  char label[96];
  if (past)
    std::snprintf(label, sizeof label, "step %s · epoch %.2f", widgets::thousands(frame_->step).c_str(), frame_->epoch);
  else
    std::snprintf(label, sizeof label, "live · step %s", widgets::thousands(live.step).c_str());
  const float live_w = 44;
  const float label_w = std::max(ImGui::CalcTextSize("step 999,999 · epoch 99.99").x, ImGui::CalcTextSize(label).x);
  const float track_w = std::max(60.f, ImGui::GetContentRegionAvail().x - label_w - live_w - 2 * ImGui::GetStyle().ItemSpacing.x);
  const float th = ImGui::GetFrameHeight();
  const ImVec2 t0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##track", ImVec2(track_w, th));
  const ImVec2 t1(t0.x + track_w, t0.y + th);
  events.region("timeline", t0, t1);
  const float pad = 7;
  const float x0 = t0.x + pad, x1 = t1.x - pad, cy = (t0.y + t1.y) / 2;
  auto stop_x = [&](int i) { return n == 0 ? x1 : x0 + (x1 - x0) * float(i) / float(n); };
  const int cur = past ? int(nearest_frame(h, frame_->step)) : n;
  if (ImGui::IsItemActive() && n > 0) {
    const float mx = ImGui::GetIO().MousePos.x;
    const int i = std::clamp(int(std::lround((mx - x0) / std::max(1.f, x1 - x0) * float(n))), 0, n);
    state.playing = false;
    if (i == n)
      go_live(state);
    else
      state.time_step = h[size_t(i)]->step;
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(x0, cy - 2), ImVec2(x1, cy + 2), IM_COL32(255, 255, 255, 40));
  dl->AddRectFilled(ImVec2(x0, cy - 2), ImVec2(stop_x(cur), cy + 2), IM_COL32(255, 200, 90, 150));
  for (int i = 0; i < n; ++i) {
    const float x = stop_x(i);
    dl->AddLine(ImVec2(x, cy - 5), ImVec2(x, cy + 5), IM_COL32(255, 255, 255, 70));
  }
  const float kx = stop_x(cur);
  const ImU32 knob = past ? IM_COL32(255, 200, 90, 255) : IM_COL32(110, 220, 120, 255);
  dl->AddRectFilled(ImVec2(kx - 4, t0.y + 2), ImVec2(kx + 4, t1.y - 2), knob);
  if (ImGui::IsItemHovered() && n > 0) {
    const float mx = ImGui::GetIO().MousePos.x;
    const int i = std::clamp(int(std::lround((mx - x0) / std::max(1.f, x1 - x0) * float(n))), 0, n);
    if (i < n)
      ImGui::SetTooltip("step %s · epoch %.2f\nDrag to travel back; the run keeps training.",
                        widgets::thousands(h[size_t(i)]->step).c_str(), h[size_t(i)]->epoch);
    else
      ImGui::SetTooltip("now (live)");
  }
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  if (past)
    ImGui::TextColored(ImVec4(1.f, 0.78f, 0.35f, 1), "%s", label);
  else
    ImGui::TextColored(ImVec4(0.45f, 0.86f, 0.5f, 1), "%s", label);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%d past steps kept (%.1f MB): decoders, latent codes and reconstructions.\n"
                      "Kept densely at the start, more thinly later, so the whole run fits.",
                      n, double(live.history_bytes) / (1 << 20));
  ImGui::SameLine(ImGui::GetContentRegionMax().x - live_w);
  ImGui::BeginDisabled(!past && !state.playing);
  if (ImGui::Button("Live", ImVec2(live_w, 0))) go_live(state);
  ImGui::EndDisabled();
  events.region("timeline-live", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("Back to the present");
}

}  // namespace app
