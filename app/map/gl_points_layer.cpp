#include "app/map/gl_points_layer.h"

#include <cmath>
#include <cstdio>

#include "app/platform/gl.h"
#include "app/platform/thread_cpu.h"
#include "app/widgets/palette.h"
#include "app/widgets/text.h"

namespace app {
namespace {

constexpr double kTestEvery_s = 2.0, kTrainEvery_s = 30.0;
// The texture reaches this fraction of the canvas's side beyond each edge.
constexpr float kMargin = 0.25f;

double seconds(std::chrono::steady_clock::duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

void GlPointsLayer::update(const ll::Snapshot& s, size_t arm, const MapDisplay& show, const ll::LatentPlane& plane,
                           uint64_t plane_id, uint64_t family) {
  if (std::optional<MapCodes> r = worker_.take()) {
    codes_ = std::move(r);
    ++codes_id_;
  }
  waiting_ = false;
  if (arm >= s.arms.size() || !s.data || !(show.show_points || show.show_density)) return;
  const ll::ArmSnapshot& A = s.arms[arm];
  const bool new_dims = plane_id != submitted_plane_;
  // Density switched on while the codes in hand have none: computed now, not at the next refresh.
  const bool wants_density = show.show_density && codes_ && codes_->density_grid == 0 && !submitted_density_;
  if (!A.model || (A.model.get() == submitted_model_ && !new_dims && !wants_density) || worker_.busy()) return;
  const Clock::time_point now = Clock::now();
  const bool fresh = !ready(s) || new_dims || wants_density;
  // A newer model waits for the cadence; the app keeps drawing until it is sent, or a paused
  // map would keep the codes of a step before the pause.
  waiting_ = !fresh && seconds(now - last_submit_) < kTestEvery_s;
  if (waiting_) return;
  CodeWorker::Job job;
  job.model = A.model;
  job.data = s.data;
  job.step = s.step;
  const ll::Split& test = s.data->test.count ? s.data->test : s.data->train;
  if (show.points_subset > 0) job.test_index = test_subset(test.count, show.points_subset, s.config.seed);
  if (show.points_train) {
    job.train = !train_asked_ || fresh || seconds(now - last_train_) >= kTrainEvery_s;
    job.keep_train = true;
    if (job.train) {
      last_train_ = now;
      train_asked_ = true;
    }
  }
  job.plane = plane;
  job.plane_id = plane_id;
  job.family = family;
  job.density = show.show_density;
  submitted_density_ = job.density;
  submitted_plane_ = plane_id;
  submitted_model_ = A.model.get();
  last_submit_ = now;
  worker_.submit(std::move(job));
}

bool GlPointsLayer::ready(const ll::Snapshot& s) const {
  return codes_ && codes_->data == s.data.get() && codes_->latent == s.config.model.latent && codes_->count() > 0;
}

const std::vector<float>& GlPointsLayer::projected(const ll::LatentPlane& plane, uint64_t plane_id) {
  if (!codes_ || codes_->latent != plane.latent) {
    xy_.clear();
    xy_id_ = 0;
    return xy_;
  }
  // The worker's projection when it was made for this plane (a plane change shows the codes
  // in hand projected here until the worker's next ones land).
  if (codes_->plane_id == plane_id && codes_->xy.size() == codes_->count() * 2) return codes_->xy;
  if (xy_id_ != codes_id_ || xy_plane_ != plane_id) {
    plane.project_all(codes_->mu.data(), codes_->count(), xy_);
    xy_id_ = codes_id_;
    xy_plane_ = plane_id;
  }
  return xy_;
}

const ll::CodeGrid* GlPointsLayer::hover_grid(const ll::LatentPlane& plane, uint64_t plane_id) {
  if (!codes_) return nullptr;
  if (codes_->plane_id == plane_id) return &codes_->grid;
  if (grid_id_ != codes_id_ || grid_plane_ != plane_id) {
    const std::vector<float>& xy = projected(plane, plane_id);
    grid_.build(xy.data(), std::min(codes_->test_count, xy.size() / 2), 2, 0, 1);
    grid_id_ = codes_id_;
    grid_plane_ = plane_id;
  }
  return &grid_;
}

void GlPointsLayer::upload(const ll::LatentPlane& plane, uint64_t plane_id, const Selection& selection) {
  const MapCodes& c = *codes_;
  const std::vector<float>& xy = projected(plane, plane_id);
  const size_t n = xy.size() / 2;
  staging_.resize(n * 4);
  for (size_t i = 0; i < n; ++i) {
    float* v = staging_.data() + i * 4;
    v[0] = xy[2 * i];
    v[1] = xy[2 * i + 1];
    v[2] = float(c.labels[i]);
    v[3] = i < c.test_count && selection.contains(c.index[i]) ? 1.f : 0.f;
  }
  if (!vbo_) {
    vbo_ = gfx::make_buffer();
    vbo_bytes_ = -1;
  }
  if (!vao_) {
    vao_ = gfx::make_vertex_array();
    glBindVertexArray(vao_.get());
    glBindBuffer(GL_ARRAY_BUFFER, vbo_.get());
    const GLsizei stride = 4 * sizeof(float);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride, nullptr);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 1, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(2 * sizeof(float)));
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 1, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(3 * sizeof(float)));
    glBindVertexArray(0);
  }
  glBindBuffer(GL_ARRAY_BUFFER, vbo_.get());
  // Into the storage in hand when the count is the same (most refreshes): no new allocation
  // for the driver to fault in.
  const GLsizeiptr bytes = GLsizeiptr(staging_.size() * sizeof(float));
  if (bytes == vbo_bytes_) {
    glBufferSubData(GL_ARRAY_BUFFER, 0, bytes, staging_.data());
  } else {
    glBufferData(GL_ARRAY_BUFFER, bytes, staging_.data(), GL_DYNAMIC_DRAW);
    vbo_bytes_ = bytes;
  }
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  uploaded_id_ = codes_id_;
  uploaded_plane_ = plane_id;
  uploaded_selection_ = selection.version();
}

size_t GlPointsLayer::draw(ImDrawList* dl, const gfx::MapPrograms& gl, const ll::LatentPlane& plane, uint64_t plane_id,
                           int highlight_class, const Selection& selection, const Xform& xf, double& upload_ms,
                           double& upload_cpu_ms) {
  upload_ms = upload_cpu_ms = 0;
  if (!codes_ || !gl.points.valid() || codes_->latent != plane.latent) return 0;
  if (uploaded_id_ != codes_id_ || uploaded_plane_ != plane_id || uploaded_selection_ != selection.version()) {
    const auto t0 = Clock::now();
    const double cpu0 = this_thread_cpu_ms();
    drawn_news_ = uploaded_id_ != codes_id_;
    upload(plane, plane_id, selection);
    upload_ms = seconds(Clock::now() - t0) * 1e3;
    upload_cpu_ms = this_thread_cpu_ms() - cpu0;
  }
  const size_t n = staging_.size() / 4;
  const int side = int(std::ceil(xf.side));
  const Key key{uploaded_id_, uploaded_selection_, uploaded_plane_, xf.side, highlight_class};
  const MapView view{xf.cx, xf.cy, xf.scale};
  // Redrawing costs llvmpipe ~2 ms per 10,000 sprites on the UI thread, and the view moves
  // in most frames of a glide or a drag: while it moves, the last texture is stretched to the
  // view, and the sprites are drawn again once it keeps still for a frame (or when the
  // stretch would show an edge or change their size by more than a quarter).
  const bool moving = !(view == last_view_);
  last_view_ = view;
  const bool stretch = !(view == drawn_) && moving &&
                       stretch_ok(drawn_, float(target_.width()), view, xf.c0.x, xf.c0.y, xf.side);
  if (!(key == key_) || !target_.valid() || (!(view == drawn_) && !stretch)) {
    key_ = key;
    redraw(gl, view, side, highlight_class, selection);
    if (!target_.valid()) return 0;
  }
  shown_frame_ = ImGui::GetFrameCount();
  const ScreenRect q = stretched_rect(drawn_, float(target_.width()), view, xf.c0.x, xf.c0.y, xf.side);
  target_.draw(dl, ImVec2(q.x0, q.y0), ImVec2(q.x1, q.y1));
  return n;
}

void GlPointsLayer::redraw(const gfx::MapPrograms& gl, const MapView& v, int side, int highlight_class,
                           const Selection& selection) {
  const int tex_side = side + 2 * int(std::ceil(kMargin * side));
  if (!target_.resize(tex_side, tex_side)) return;
  drawn_ = v;
  ++redraws_;
  const size_t n = staging_.size() / 4;
  target_.begin();
  glUseProgram(gl.points.id());
  glUniform2f(gl.points.uniform("center"), v.cx, v.cy);
  glUniform1f(gl.points.uniform("scale"), v.scale);
  glUniform1f(gl.points.uniform("half_side"), float(tex_side) / 2);
  // Smaller sprites when they are many, so the classes' shapes stay visible.
  const float px = n > 30000 ? 2.5f : n > 5000 ? 3.5f : 5.f;
  glUniform1f(gl.points.uniform("point_px"), px);
  float palette[40];
  for (int k = 0; k < 10; ++k) {
    const ImVec4 c = ImGui::ColorConvertU32ToFloat4(widgets::class_color(k));
    palette[4 * k] = c.x, palette[4 * k + 1] = c.y, palette[4 * k + 2] = c.z, palette[4 * k + 3] = c.w;
  }
  glUniform4fv(gl.points.uniform("palette"), 10, palette);
  const bool dims = !selection.empty() || highlight_class >= 0;
  glUniform1i(gl.points.uniform("dim_mode"), selection.empty() ? 0 : 1);
  glUniform1i(gl.points.uniform("highlight"), highlight_class);
  glEnable(GL_PROGRAM_POINT_SIZE);
  glEnable(GL_BLEND);
  glBlendEquation(GL_FUNC_ADD);
  // Premultiplied into the target, so ImGui can lay it over the map as it is.
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glBindVertexArray(vao_.get());
  // Pass 0 draws the dimmed codes under the others; with nothing dimmed it would draw none.
  for (int pass = dims ? 0 : 1; pass < 2; ++pass) {
    glUniform1i(gl.points.uniform("pass"), pass);
    glDrawArrays(GL_POINTS, 0, GLsizei(n));
  }
  glBindVertexArray(0);
  glUseProgram(0);
  gfx::RenderTarget::end();
}

std::string GlPointsLayer::caption() const {
  if (!codes_) return "";
  char buf[128];
  if (codes_->train_count)
    std::snprintf(buf, sizeof buf, "%s test + %s training codes, step %s / %s",
                  widgets::thousands((long long)codes_->test_count).c_str(),
                  widgets::thousands((long long)codes_->train_count).c_str(),
                  widgets::thousands(codes_->step).c_str(), widgets::thousands(codes_->train_step).c_str());
  else
    std::snprintf(buf, sizeof buf, "%s test codes, step %s", widgets::thousands((long long)codes_->test_count).c_str(),
                  widgets::thousands(codes_->step).c_str());
  return buf;
}

}  // namespace app
