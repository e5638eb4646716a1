#include "app/panels/controls.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <charconv>

#include "core/data/image_folder.h"
#include "core/error.h"

namespace app {
namespace {

constexpr const char* kDataKinds[] = {"Fashion-MNIST", "IDX files", "Image folder", "Synthetic shapes"};
constexpr float kLabelGap = 96;  // width kept for labels right of the widgets

void pending_mark(bool pending) {
  if (!pending) return;
  ImGui::SameLine(0, 4);
  ImGui::TextColored(ImVec4(1.f, 0.78f, 0.3f, 1.f), "*");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("changed: applies on Reset (new models)");
}

void help_marker(const char* text) {
  ImGui::SameLine(0, 4);
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text);
}

bool same_kinds(const std::vector<ll::ArmConfig>& a, const std::vector<ll::ArmConfig>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].kind != b[i].kind) return false;
  return true;
}

bool two_vaes(const std::vector<ll::ArmConfig>& a) { return ll::mode_of(a) == ll::TrainMode::VaeVae; }

}  // namespace

ControlsPanel::ControlsPanel(const ll::TrainConfig& initial) : draft_(initial) {
  const std::string& d = initial.data;
  if (d.starts_with("idx:")) {
    data_kind_ = 1;
    idx_path_ = d.substr(4);
  } else if (d.starts_with("folder:")) {
    data_kind_ = 2;
    folder_path_ = d.substr(7);
  } else if (d.starts_with("synthetic")) {
    data_kind_ = 3;
    if (d.size() > 10) synthetic_n_ = std::atoi(d.c_str() + 10);
  } else if (d != "fashion-mnist") {
    // Unknown kinds land in the IDX field so the person sees what was asked for.
    data_kind_ = 1;
    idx_path_ = d;
  }
  hidden_text_ = ll::format_int_list(initial.model.hidden);
  mode_ = ll::mode_of(initial.arms);
  beta_ = initial.arms[0].beta;
  if (two_vaes(initial.arms)) beta2_ = initial.arms[1].beta;
  lr_ = initial.lr;
  warmup_ = initial.warmup_steps;
  free_bits_ = initial.free_bits;
}

std::string ControlsPanel::data_spec() const {
  switch (data_kind_) {
    case 1: return "idx:" + idx_path_;
    case 2: return "folder:" + folder_path_;
    case 3: return synthetic_n_ == int(12000) ? "synthetic" : "synthetic:" + std::to_string(synthetic_n_);
    default: return "fashion-mnist";
  }
}

bool ControlsPanel::build_config(ll::TrainConfig& cfg, std::string& error) const {
  cfg = draft_;
  cfg.data = data_spec();
  error = ll::check_data_spec(cfg.data);
  if (!error.empty()) return false;
  try {
    cfg.model.hidden = ll::parse_int_list(hidden_text_, "hidden sizes");
    cfg.arms = ll::arms_for_mode(mode_, beta_, beta2_);
    cfg.lr = lr_;
    cfg.warmup_steps = warmup_;
    cfg.free_bits = free_bits_;
    cfg.validate();
  } catch (const std::exception& e) {
    error = e.what();
    return false;
  }
  return true;
}

void ControlsPanel::section_data(const ll::Snapshot& s, Events& events) {
  const float w = ImGui::GetContentRegionAvail().x - kLabelGap;
  ImGui::SetNextItemWidth(w);
  ImGui::Combo("Dataset", &data_kind_, kDataKinds, IM_ARRAYSIZE(kDataKinds));
  events.region("data-kind", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  pending_mark(data_spec() != s.config.data);
  ImGui::SetNextItemWidth(w);
  switch (data_kind_) {
    case 1:
      ImGui::InputTextWithHint("Path##idx", "/path/to/mnist-folder", &idx_path_);
      events.region("data-path", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
      help_marker("A folder in the MNIST layout (train-images-idx3-ubyte[.gz], labels optional),\n"
                  "or one IDX images file (a sixth is held out as the test split).");
      break;
    case 2:
      ImGui::InputTextWithHint("Path##folder", "DIR[@WxH][:rgb]", &folder_path_);
      events.region("data-path", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
      help_marker("A folder of images (PNG, JPEG, ...). Sub-folders are classes.\n"
                  "@WxH resizes (default 28x28); :rgb keeps colour.");
      break;
    case 3:
      ImGui::InputInt("Images", &synthetic_n_, 1000, 10000);
      synthetic_n_ = std::clamp(synthetic_n_, 1, 1000000);
      help_marker("Built-in shapes, ten classes, made in memory. N training images, N/6 test.");
      break;
    default:
      ImGui::TextDisabled("70,000 images of clothing, 28×28");
      break;
  }
}

void ControlsPanel::section_model(const ll::Snapshot& s) {
  const float w = ImGui::GetContentRegionAvail().x - kLabelGap;
  const ll::TrainConfig& c = s.config;
  ImGui::SetNextItemWidth(w);
  const auto& modes = ll::train_modes();
  const char* labels[ll::kTrainModes];
  int chosen = 0;
  for (size_t i = 0; i < modes.size(); ++i) {
    labels[i] = modes[i].label;
    if (modes[i].mode == mode_) chosen = int(i);
  }
  if (ImGui::Combo("Models", &chosen, labels, int(modes.size()))) mode_ = modes[chosen].mode;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Compare a VAE with a plain autoencoder, or two VAEs with different β\n"
                      "(β = 0.1 vs 1 vs 4 is a change of β₂ away). Applies on Reset.");
  pending_mark(!same_kinds(ll::arms_for_mode(mode_, beta_, beta2_), c.arms));
  ImGui::SetNextItemWidth(w);
  ImGui::InputInt("Latent size", &draft_.model.latent);
  draft_.model.latent = std::clamp(draft_.model.latent, 1, 512);
  pending_mark(draft_.model.latent != c.model.latent);
  ImGui::SetNextItemWidth(w);
  ImGui::InputText("Hidden", &hidden_text_, ImGuiInputTextFlags_CharsNoBlank);
  std::vector<int> hidden;
  bool hidden_ok = true;
  try {
    hidden = ll::parse_int_list(hidden_text_, "hidden sizes");
  } catch (const std::exception&) {
    hidden_ok = false;
  }
  pending_mark(hidden_ok && hidden != c.model.hidden);
  if (!hidden_ok) ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "hidden: sizes like 400 or 512,256");
  ImGui::SetNextItemWidth(w);
  int lik = draft_.model.likelihood == ll::Likelihood::Gaussian ? 1 : 0;
  if (ImGui::Combo("Likelihood", &lik, "Bernoulli\0Gaussian\0"))
    draft_.model.likelihood = lik ? ll::Likelihood::Gaussian : ll::Likelihood::Bernoulli;
  pending_mark(draft_.model.likelihood != c.model.likelihood);
  ImGui::SetNextItemWidth(w);
  ImGui::InputInt("Batch size", &draft_.batch, 16, 128);
  draft_.batch = std::clamp(draft_.batch, 1, 65536);
  pending_mark(draft_.batch != c.batch);
  ImGui::SetNextItemWidth(w);
  int seed = int(draft_.seed);
  if (ImGui::InputInt("Seed", &seed)) draft_.seed = uint64_t(std::max(0, seed));
  pending_mark(draft_.seed != c.seed);
  ImGui::SetNextItemWidth(w);
  ImGui::InputInt("Threads", &draft_.threads);
  draft_.threads = std::clamp(draft_.threads, 1, 64);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Training threads. The default leaves one core to this window (%d here).",
                      ll::default_threads_beside_ui());
  pending_mark(draft_.threads != c.threads);
}

void ControlsPanel::section_objective(const ll::Snapshot& s, ll::Trainer& trainer) {
  const float w = ImGui::GetContentRegionAvail().x - kLabelGap;
  const bool run_two_vaes = two_vaes(s.config.arms);
  bool has_vae = false;
  for (const ll::ArmSnapshot& a : s.arms) has_vae |= a.arm.kind == ll::ModelKind::Vae;
  // Live settings: sent when the slider is let go, so a drag is one command, not sixty.
  ImGui::BeginDisabled(!has_vae && mode_ == ll::TrainMode::Ae);
  ImGui::SetNextItemWidth(w);
  ImGui::SliderFloat(mode_ == ll::TrainMode::VaeVae ? "β (VAE 1)" : "β (KL weight)", &beta_, 0.f, 10.f, "%.2f",
                     ImGuiSliderFlags_Logarithmic);
  // With two VAEs β is the first one's; otherwise every VAE's.
  if (ImGui::IsItemDeactivatedAfterEdit())
    trainer.send({ll::Command::Type::SetBeta, beta_, run_two_vaes ? 0 : -1, "", {}});
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Weight of the KL term in −ELBO = rec + β·KL. 1 is the VAE of the paper;\n"
                      "more pulls the codes towards the prior, less lets them spread. Applies live.");
  if (mode_ == ll::TrainMode::VaeVae) {
    ImGui::SetNextItemWidth(w);
    ImGui::SliderFloat("β₂ (VAE 2)", &beta2_, 0.f, 10.f, "%.2f", ImGuiSliderFlags_Logarithmic);
    if (ImGui::IsItemDeactivatedAfterEdit() && run_two_vaes)
      trainer.send({ll::Command::Type::SetBeta, beta2_, 1, "", {}});
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip(run_two_vaes ? "The second VAE's β; applies live."
                                     : "The second VAE's β: applies on Reset (the models change).");
    pending_mark(!run_two_vaes);
  }
  ImGui::SetNextItemWidth(w);
  ImGui::SliderInt("KL warm-up", &warmup_, 0, 20000, warmup_ ? "%d steps" : "off", ImGuiSliderFlags_Logarithmic);
  if (ImGui::IsItemDeactivatedAfterEdit()) trainer.send({ll::Command::Type::SetWarmup, double(warmup_), -1, "", {}});
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("β grows linearly from 0 to its value over the first S steps, so the decoder learns to\n"
                      "use the code before the KL term pulls it to the prior. Applies live.");
  const int64_t ws = s.config.warmup_steps;
  if (ws > 0 && s.step < ws && has_vae && !s.arms.empty() && s.arms[0].beta > 0.f) {
    const ll::ArmSnapshot& a = s.arms[0];
    ImGui::TextDisabled("  β ramping: %.0f%% (now %.2f)", 100.0 * a.effective_beta / a.beta, double(a.effective_beta));
  }
  ImGui::SetNextItemWidth(w);
  ImGui::SliderFloat("Free bits", &free_bits_, 0.f, 4.f, free_bits_ > 0 ? "%.2f nats/dim" : "off");
  if (ImGui::IsItemDeactivatedAfterEdit()) trainer.send({ll::Command::Type::SetFreeBits, free_bits_, -1, "", {}});
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("A floor under each dimension's KL: the first nats of every dimension are free, so\n"
                      "the encoder is not pushed to collapse dimensions to the prior. Applies live.");
  ImGui::EndDisabled();
}

void ControlsPanel::section_training(const ll::Snapshot& s, ll::Trainer& trainer, Notices& notices, Events& events,
                                     ControlRequests& out) {
  section_objective(s, trainer);
  const float w = ImGui::GetContentRegionAvail().x - kLabelGap;
  ImGui::SetNextItemWidth(w);
  ImGui::SliderFloat("Learning rate", &lr_, 1e-5f, 1e-1f, "%.1e", ImGuiSliderFlags_Logarithmic);
  if (ImGui::IsItemDeactivatedAfterEdit()) trainer.send({ll::Command::Type::SetLearningRate, lr_, -1, "", {}});
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Adam's step size; applies live");

  // Train / Pause / Resume, one button that says what it will do.
  using St = ll::TrainerStatus;
  const char* label = "Train";
  ll::Command::Type cmd = ll::Command::Type::Start;
  bool enabled = true;
  switch (s.status) {
    case St::Running: label = "Pause"; cmd = ll::Command::Type::Pause; break;
    case St::Paused:
    case St::Diverged: label = "Resume"; cmd = ll::Command::Type::Resume; break;
    case St::Loading: label = "Loading…"; enabled = false; break;
    case St::Failed: label = "Train"; enabled = false; break;
    default: break;
  }
  const float bw = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
  ImGui::BeginDisabled(!enabled);
  ImGui::PushStyleColor(ImGuiCol_Button, s.status == St::Running ? ImVec4(0.45f, 0.35f, 0.1f, 1) : ImVec4(0.15f, 0.42f, 0.2f, 1));
  if (ImGui::Button(label, ImVec2(bw, 28))) {
    trainer.send({cmd, 0, -1, "", {}});
    // Training again while the timeline shows the past: back to the present.
    if (cmd != ll::Command::Type::Pause) out.go_live = true;
  }
  ImGui::PopStyleColor();
  ImGui::EndDisabled();
  events.region("button-train", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  ImGui::SameLine();

  ll::TrainConfig next;
  std::string why;
  const bool valid = build_config(next, why);
  // Live settings are not "pending": they were already sent. input_dim comes from the data.
  ll::TrainConfig current = s.config;
  next.model.input_dim = current.model.input_dim;
  const bool pending = valid && (next.data != current.data || next.model != current.model ||
                                 !same_kinds(next.arms, current.arms) || next.batch != current.batch ||
                                 next.seed != current.seed || next.threads != current.threads);
  if (pending) ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.55f, 0.4f, 0.08f, 1));
  if (ImGui::Button(pending ? "Reset *" : "Reset", ImVec2(bw, 28))) {
    if (!valid) {
      notices.post(why, true);
    } else {
      trainer.send({ll::Command::Type::Reset, 0, -1, "", next});
    }
  }
  if (pending) ImGui::PopStyleColor();
  events.region("button-reset", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(pending ? "New models with the changed settings (*), from step 0"
                              : "New models from step 0 with the same settings");
  if (pending) ImGui::TextColored(ImVec4(1.f, 0.78f, 0.3f, 1.f), "* changes apply on Reset");
}

void ControlsPanel::draw(const ll::Snapshot& s, ll::Trainer& trainer, MapPlane& plane, MapDisplay& display,
                         MapPicks& picks, Notices& notices, Events& events, ControlRequests& out) {
  const ImVec2 w0 = ImGui::GetWindowPos(), wsz = ImGui::GetWindowSize();
  events.region("controls", w0, ImVec2(w0.x + wsz.x, w0.y + wsz.y));
  if (notices.error_visible()) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.35f, 0.08f, 0.08f, 1));
    const float h = ImGui::CalcTextSize(notices.text.c_str(), nullptr, false, ImGui::GetContentRegionAvail().x - 16).y;
    ImGui::BeginChild("##error", ImVec2(0, h + 34), true);
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(notices.text.c_str());
    ImGui::PopTextWrapPos();
    if (ImGui::SmallButton("dismiss")) notices.dismissed_id = notices.id;
    ImGui::EndChild();
    ImGui::PopStyleColor();
  }
  if (ImGui::CollapsingHeader("Data", ImGuiTreeNodeFlags_DefaultOpen)) section_data(s, events);
  if (ImGui::CollapsingHeader("Model", ImGuiTreeNodeFlags_DefaultOpen)) section_model(s);
  if (ImGui::CollapsingHeader("Training", ImGuiTreeNodeFlags_DefaultOpen)) section_training(s, trainer, notices, events, out);
  if (ImGui::CollapsingHeader("Latent maps", ImGuiTreeNodeFlags_DefaultOpen)) section_view(s, plane, display, picks, events, out);
  if (ImGui::CollapsingHeader("Files", ImGuiTreeNodeFlags_DefaultOpen)) section_files(s, trainer, notices, events, out);
}

}  // namespace app
