#include "app/app.h"

#include <imgui.h>

#include <filesystem>

#include "app/layout.h"
#include "app/platform/screenshot.h"
#include "app/widgets/arm_label.h"
#include "app/widgets/palette.h"
#include "app/widgets/text.h"
#include "core/data/dataset.h"
#include "core/error.h"

namespace app {
namespace {

struct Tab {
  const char* title;
  const char* key;     // --tab NAME
  const char* region;  // LAYOUT name of the tab's button
};
constexpr Tab kTabs[] = {{"Interpolation", "interpolation", "tab-interp"},
                         {"Draw", "draw", "tab-draw"},
                         {"Collapse", "collapse", "tab-collapse"},
                         {"Gradients", "gradients", "tab-gradients"},
                         {"Samples", "samples", "tab-samples"},
                         {"Traverse", "traverse", "tab-traverse"},
                         {"Selection", "selection", "tab-selection"}};
constexpr int kTabCount = int(sizeof kTabs / sizeof kTabs[0]);

}  // namespace

App::App(const AppOptions& opt, Events& events, const Assets& assets)
    : events_(events), controls_(opt.config), tab_request_(opt.tab) {
  events_.say("ASSETS dir=%s", assets.dir.empty() ? "none" : assets.dir.c_str());
  std::string problems;
  for (const std::string& p : assets.problems) problems += (problems.empty() ? "" : "; ") + p;
  if (!problems.empty()) notices_.post(problems, true);
  draw_.set_examples(assets.list("drawings", ".png"));
  display_.show_holes = opt.show_holes;
  display_.points_subset = opt.points_subset;
  display_.points_train = opt.points_train;
  display_.show_density = opt.show_density;
  plane_.kind = opt.plane_pca ? PlaneKind::Pca : PlaneKind::Slice;
  // The maps' GL programs; a failure leaves their ImGui drawing in place and says why.
  gl_programs_.build();
  if (!gl_programs_.error.empty()) notices_.post(gl_programs_.error + " (the maps fall back to ImGui drawing)", true);
  display_.show_posterior = opt.show_posterior;
  ll::TrainConfig first = opt.config;
  // The window opens at once on a small synthetic set while the chosen data loads on the
  // trainer's thread (the Reset below); 1,400 images are enough for a placeholder and cost
  // 1 MB, not the default synthetic set's 11.
  const bool synthetic_first = opt.config.data != "synthetic";
  if (synthetic_first) first.data = "synthetic:1200";
  auto data = std::make_shared<const ll::Dataset>(ll::load_dataset(first.data, first.seed));
  trainer_ = std::make_unique<ll::Trainer>(data, first);
  if (synthetic_first) trainer_->send({ll::Command::Type::Reset, 0, -1, "", opt.config});
  if (opt.autostart) trainer_->send({ll::Command::Type::Start, 0, -1, "", {}});
  if (!opt.follow.empty()) trainer_->send({ll::Command::Type::Follow, 0, -1, opt.follow, {}});
  snap_ = trainer_->snapshot();
}

App::~App() {
  maps_.clear();     // join the manifold workers
  trainer_.reset();  // finishes the current step, joins
}

void App::watch_trainer(double now_s) {
  const ll::Snapshot& s = *snap_;
  if (s.message_id != last_message_id_) {
    last_message_id_ = s.message_id;
    if (!s.message.empty()) notices_.post(s.message, s.message_is_error);
  }
  if (notices_.id != last_notice_id_) {
    last_notice_id_ = notices_.id;
    events_.say("%s %s", notices_.is_error ? "ERROR" : "MESSAGE", notices_.text.c_str());
  }
  for (const ll::FollowedCheckpoint& f : s.followed)
    if (f.id > last_followed_id_) {
      last_followed_id_ = f.id;
      events_.say("FOLLOWED step=%lld file=%s", (long long)f.step, f.file.c_str());
    }
  if (!status_printed_ || s.status != last_status_) {
    events_.say("STATUS %s step=%lld epoch=%.3f", ll::to_string(s.status), (long long)s.step, s.epoch);
    last_status_ = s.status;
    status_printed_ = true;
  }
  // Throughput as the UI sees it: samples over wall time while running.
  if (s.status == ll::TrainerStatus::Running) {
    if (stats_.first_samples < 0 || s.samples_seen < stats_.last_samples) {
      stats_.first_samples = s.samples_seen;
      stats_.first_t = now_s;
    }
    if (s.samples_seen != stats_.last_samples) stats_.last_t = now_s;
    stats_.last_samples = s.samples_seen;
  }
}

void App::sync_maps() {
  // New models (a Reset) get fitted maps; a new latent size or dataset gets fresh maps, as
  // the old pan and zoom mean nothing there. β and the learning rate change live and keep
  // the view.
  const ll::Snapshot& s = *snap_;
  std::string key = s.config.data + "|" + std::to_string(s.config.model.latent) + "|" +
                    ll::format_int_list(s.config.model.hidden) + "|" + std::to_string(s.config.seed);
  for (const ll::ArmSnapshot& a : s.arms) key += "|" + a.name;
  const bool reset = key != maps_key_ || s.step < maps_step_;
  maps_step_ = s.step;
  if (!reset) return;
  // New models: the timeline's past belonged to the old ones.
  timeline_.go_live(timeline_state_);
  if (s.config.data != maps_data_ || s.config.model.latent != maps_latent_) {
    maps_.clear();
    clear_selection(selection_, events_);  // its indices were of the old test split
  }
  maps_key_ = key;
  maps_data_ = s.config.data;
  maps_latent_ = s.config.model.latent;
  std::map<std::string, std::unique_ptr<LatentMapPanel>> next;
  for (const ll::ArmSnapshot& a : s.arms) {
    auto it = maps_.find(a.name);
    next[a.name] = it != maps_.end() ? std::move(it->second) : std::make_unique<LatentMapPanel>();
    next[a.name]->fit();
  }
  maps_ = std::move(next);
}

void App::say_plane(const ll::Snapshot& s) {
  // What the maps show, once per change: tests and scripts key on it, --print-stats ends with it.
  std::string what = std::string("plane=") + plane_.shown() + " latent=" + std::to_string(s.config.model.latent);
  for (size_t i = 0; i < s.arms.size(); ++i) {
    char buf[96];
    if (const ll::PrincipalPlane* p = plane_.principal(i))
      std::snprintf(buf, sizeof buf, " %s=PC1:%.3f,PC2:%.3f", s.arms[i].name.c_str(), p->explained(0), p->explained(1));
    else
      std::snprintf(buf, sizeof buf, " %s=%s,%s", s.arms[i].name.c_str(), plane_.axis_name(i, 0).c_str(),
                    plane_.axis_name(i, 1).c_str());
    what += buf;
  }
  stats_.plane = plane_.shown();
  stats_.plane_changes = plane_.changes();
  // The shares move with every refit: announce a change of kind or axes, not of the numbers.
  std::string key = plane_.shown();
  if (!plane_.pca()) key += "|" + std::to_string(plane_.slice.dims[0]) + "," + std::to_string(plane_.slice.dims[1]);
  key += "|" + std::to_string(s.config.model.latent) + "|" + std::to_string(s.arms.size());
  if (key == plane_said_) return;
  plane_said_ = key;
  events_.say("DISPLAY %s", what.c_str());
  if (plane_.kind == PlaneKind::Pca && !plane_.pca() && !plane_.error().empty() && s.config.model.latent > 2)
    events_.say("DISPLAY plane_error=\"%s\"", plane_.error().c_str());
}

void App::draw_lower(const ll::Snapshot& vs, bool past) {
  const ll::Snapshot& live = *snap_;
  // Class legend (shared by both maps); hovering a class highlights it everywhere.
  if (vs.data && !vs.data->class_names.empty()) {
    highlight_class_ = widgets::class_legend(vs.data->class_names, ImGui::GetContentRegionAvail().x, highlight_class_);
  } else {
    ImGui::TextDisabled("unlabelled data: dots are not coloured by class");
    highlight_class_ = -1;
  }
  bool draw_shown = false, theory_shown = false, samples_shown = false;
  if (ImGui::BeginTabBar("##lower")) {
    for (int t = 0; t < kTabCount; ++t) {
      const ImGuiTabItemFlags flags = tab_request_ == kTabs[t].key ? ImGuiTabItemFlags_SetSelected : 0;
      const bool open = ImGui::BeginTabItem(kTabs[t].title, nullptr, flags);
      events_.region(kTabs[t].region, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
      if (!open) continue;
      switch (t) {
        case 0: interp_.draw(vs, ends_, picks_, thumbs_, events_); break;
        case 1:
          // On a past step that step's models encode the drawing: scrubbing shows where the
          // drawing would have landed as the space formed.
          draw_.draw(vs, plane_, picks_, events_);
          draw_shown = true;
          break;
        case 2:
          collapse_.draw(vs, live, past ? vs.step : -1, theory_, events_);
          theory_shown = true;
          break;
        case 3:
          gradients_.draw(vs, theory_, past ? vs.step : -1, focus_, events_);
          theory_shown = true;
          break;
        case 4:
          samples_.draw(vs, features_, samples_worker_, past ? vs.step : -1, sample_choice_, events_);
          samples_shown = true;
          break;
        case 5: traverse_.draw(vs, focus_, plane_, ends_, events_); break;
        default: selection_panel_.draw(vs, selection_, controls_.export_dir(), notices_, events_); break;
      }
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  tab_request_.clear();
  if (!draw_shown) draw_.hide();
  canvas_open_ = draw_shown;
  theory_tab_open_ = theory_shown;
  samples_tab_open_ = samples_shown;
  if (!samples_shown) sample_choice_.clear_hover();
}

void App::frame(double last_frame_ms, double now_s) {
  snap_ = trainer_->snapshot();
  drawn_snapshot_ = snap_->id;
  const ll::Snapshot& live = *snap_;
  watch_trainer(now_s);
  stats_.history_bytes = live.history_bytes;
  sync_maps();
  hover_.next_frame();  // linked maps: what the mouse was over last frame
  view_snap_ = timeline_.resolve(snap_, timeline_state_, now_s, events_);
  const ll::Snapshot& s = *view_snap_;
  const bool past = view_snap_ != snap_;
  plane_.sync(s, now_s, past);
  say_plane(s);
  ends_.sync(s);
  for (auto& [name, m] : maps_) m->new_frame();
  thumbs_.sync(s);
  // The feature space once there is something to measure in it, or a tab shows its numbers.
  const bool trained = live.status != ll::TrainerStatus::Idle && live.status != ll::TrainerStatus::Loading;
  features_.update(live, events_, trained || live.step > 0 || samples_tab_open_);
  interp_.update(s, plane_, ends_, features_.features());
  focus_ = resolve_focus(hover_, canvas_open_, ends_);
  holes_.update(s, plane_, features_.features(), display_.pixel_holes, past ? 0.3 : 3.0);
  samples_worker_.update(s, live.step, features_.features(), sample_choice_.sampler, samples_tab_open_,
                         past ? 0.3 : 5.0, events_);
  // The theory measurements follow the run (the live models), not the timeline. While the
  // models do not change they are measured only for a tab that shows them: an idle window
  // must not spend seconds of CPU on numbers nobody looks at.
  const bool training = live.status == ll::TrainerStatus::Running;
  theory_.update(live, now_s, events_, training || theory_tab_open_);

  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const Layout l = compute_layout(display, int(s.arms.size()), 1 + int(s.arms.size()));

  ControlRequests req;
  if (begin_fixed_window("Controls", l.controls))
    controls_.draw(live, *trainer_, plane_, display_, picks_, notices_, events_, req);
  ImGui::End();
  if (req.go_live) timeline_.go_live(timeline_state_);

  MapContext ctx;
  ctx.plane = &plane_;
  ctx.display = &display_;
  ctx.ends = &ends_;
  ctx.highlight_class = highlight_class_;
  ctx.paths = &interp_.paths();
  ctx.thumbs = &thumbs_;
  ctx.canvas = draw_.markers();
  ctx.holes = &holes_;
  ctx.sample = &sample_choice_;
  ctx.gl = &gl_programs_;
  ctx.past = past;
  ctx.focus = &focus_;
  ctx.drawing = draw_.drawing();
  char step[48] = "";
  if (past) std::snprintf(step, sizeof step, " — step %s", widgets::thousands(s.step).c_str());
  for (size_t i = 0; i < s.arms.size() && i < l.maps.size(); ++i) {
    const ll::ArmSnapshot& a = s.arms[i];
    const std::string title = "Latent space: " + widgets::arm_label(s.config, i) + step + "###map" + a.name;
    if (begin_fixed_window(title.c_str(), l.maps[i], ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse))
      maps_[a.name]->draw(s, i, ctx, MapWrites{cursor_, picks_, hover_, selection_}, events_, stats_);
    ImGui::End();
    // What a map took goes to the state's owners at once: the next map draws with it.
    interp_.take_picks(picks_, ends_, events_);
    controls_.take_picks(picks_, plane_.slice);
  }
  // A new selection brings its tab up; Escape (outside a text field) clears it.
  if (selection_.version() != selection_seen_) {
    selection_seen_ = selection_.version();
    if (!selection_.empty()) tab_request_ = "selection";
  }
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)) && !ImGui::GetIO().WantTextInput)
    clear_selection(selection_, events_);
  if (begin_fixed_window("##timeline", l.timeline, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar))
    timeline_.draw(live, timeline_state_, events_);
  ImGui::End();
  if (begin_fixed_window("##lower", l.lower, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar))
    draw_lower(s, past);
  ImGui::End();
  if (begin_fixed_window("Learning curves (per image, nats)", l.curves, ImGuiWindowFlags_NoScrollbar))
    curves_.draw(live, events_, past ? s.step : -1, past ? s.epoch : -1);
  ImGui::End();
  const std::string recon_title =
      std::string(past ? "Reconstructions at step " + widgets::thousands(s.step) : "Reconstructions of test images") +
      "###recon";
  if (begin_fixed_window(recon_title.c_str(), l.recon, ImGuiWindowFlags_NoScrollbar))
    recon_.draw(s, events_);
  ImGui::End();
  if (begin_fixed_window("##status", l.status, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar))
    status_.draw(live, notices_, last_frame_ms, events_);
  ImGui::End();

  if (req.fit_maps)
    for (auto& [name, m] : maps_) m->fit();
  if (!req.export_dir.empty()) export_dir_ = req.export_dir;
  if (cursor_.xy[0] != last_cursor_[0] || cursor_.xy[1] != last_cursor_[1]) {
    last_cursor_[0] = cursor_.xy[0];
    last_cursor_[1] = cursor_.xy[1];
    events_.say("CURSOR %.4f %.4f", cursor_.xy[0], cursor_.xy[1]);
  }
  events_.end_frame();
}

bool App::active() const {
  const ll::TrainerStatus st = snap_->status;
  if (st == ll::TrainerStatus::Running || st == ll::TrainerStatus::Loading || timeline_state_.playing) return true;
  for (const auto& [name, m] : maps_)
    if (m->busy() || m->animating()) return true;
  if (traverse_.busy()) return true;
  return has_news() || interacting();
}

bool App::has_news() const {
  if (trainer_->snapshot()->id != drawn_snapshot_) return true;
  // A hole measurement landed, or one waits for its turn (it is submitted from a frame).
  if (holes_.has_result() || holes_.due()) return true;
  if (theory_.has_result() || traverse_.has_result()) return true;
  if (features_.has_result() || samples_worker_.has_result() || samples_worker_.due()) return true;
  // While training, snapshots bring a frame ten times a second: a finished manifold and
  // the maps' glide to a new fit ride along with them instead of costing frames of their own.
  if (snap_->status == ll::TrainerStatus::Running) return false;
  for (const auto& [name, m] : maps_)
    if (m->result_ready() || m->animating()) return true;
  return false;
}

bool App::interacting() const {
  const ImGuiIO& io = ImGui::GetIO();
  for (const auto& [name, m] : maps_)
    if (m->dragged()) return true;
  if (io.MouseDelta.x != 0 || io.MouseDelta.y != 0 || io.MouseWheel != 0) return true;
  for (bool down : io.MouseDown)
    if (down) return true;
  return io.WantTextInput;
}

std::optional<std::string> App::take_export() {
  std::optional<std::string> d = std::move(export_dir_);
  export_dir_.reset();
  return d;
}

void App::write_export(const std::string& dir, const RgbImage& img) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  std::string error;
  int written = 0;
  const std::string whole = (std::filesystem::path(dir) / "window.png").string();
  if (!write_png(whole, img, error)) {
    notices_.post("Export: " + error, true);
    return;
  }
  ++written;
  events_.say("EXPORT %s", whole.c_str());
  const float sx = img.width / std::max(1.f, ImGui::GetIO().DisplaySize.x);
  const float sy = img.height / std::max(1.f, ImGui::GetIO().DisplaySize.y);
  for (const auto& [name, r] : events_.regions()) {
    const bool view = name.starts_with("latent-") || name.starts_with("decoded-") || name == "curves" ||
                      name == "recon" || name == "interp" || name == "collapse" || name == "gradients" ||
                      name == "traverse" || name == "draw" || name.starts_with("draw-recon-");
    if (!view) continue;
    const std::string path = (std::filesystem::path(dir) / (name + ".png")).string();
    if (write_png_region(path, img, int(r.x0 * sx), int(r.y0 * sy), int(r.x1 * sx), int(r.y1 * sy), error)) {
      ++written;
      events_.say("EXPORT %s", path.c_str());
    }
  }
  notices_.post("exported " + std::to_string(written) + " PNGs to " + dir, false);
}

}  // namespace app
