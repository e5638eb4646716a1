#include "app/map/gl_points_layer.h"

#include <cmath>
#include <cstdio>

#include "app/platform/gl.h"
#include "app/widgets/palette.h"
#include "app/widgets/text.h"

namespace app {
namespace {

constexpr double kTestEvery_s = 2.0, kTrainEvery_s = 30.0;

double seconds(std::chrono::steady_clock::duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

void GlPointsLayer::update(const ll::Snapshot& s, size_t arm, const MapDisplay& show, int d0, int d1) {
  if (std::optional<MapCodes> r = worker_.take()) {
    codes_ = std::move(r);
    ++codes_id_;
  }
  if (arm >= s.arms.size() || !s.data || !(show.show_points || show.show_density)) return;
  const ll::ArmSnapshot& A = s.arms[arm];
  const bool new_dims = d0 != submitted_dims_[0] || d1 != submitted_dims_[1];
  if (!A.model || (A.model.get() == submitted_model_ && !new_dims) || worker_.busy()) return;
  const Clock::time_point now = Clock::now();
  const bool fresh = !ready(s) || new_dims;
  if (!fresh && seconds(now - last_submit_) < kTestEvery_s) return;
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
  job.dims[0] = d0;
  job.dims[1] = d1;
  submitted_dims_[0] = d0;
  submitted_dims_[1] = d1;
  submitted_model_ = A.model.get();
  last_submit_ = now;
  worker_.submit(std::move(job));
}

bool GlPointsLayer::ready(const ll::Snapshot& s) const {
  return codes_ && codes_->data == s.data.get() && codes_->latent == s.config.model.latent && codes_->count() > 0;
}

const ll::CodeGrid* GlPointsLayer::hover_grid(int d0, int d1) {
  if (!codes_) return nullptr;
  if (codes_->grid_dims[0] == d0 && codes_->grid_dims[1] == d1) return &codes_->grid;
  if (grid_id_ != codes_id_ || grid_dims_[0] != d0 || grid_dims_[1] != d1) {
    grid_.build(codes_->mu.data(), codes_->test_count, codes_->latent, d0, d1);
    grid_id_ = codes_id_;
    grid_dims_[0] = d0;
    grid_dims_[1] = d1;
  }
  return &grid_;
}

void GlPointsLayer::upload(int d0, int d1, const Selection& selection) {
  const MapCodes& c = *codes_;
  const size_t n = c.count();
  const int L = c.latent;
  staging_.resize(n * 4);
  for (size_t i = 0; i < n; ++i) {
    float* v = staging_.data() + i * 4;
    v[0] = c.mu[i * L + d0];
    v[1] = c.mu[i * L + d1];
    v[2] = float(c.labels[i]);
    v[3] = i < c.test_count && selection.contains(c.index[i]) ? 1.f : 0.f;
  }
  if (!vbo_) vbo_ = gfx::make_buffer();
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
  glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(staging_.size() * sizeof(float)), staging_.data(), GL_STATIC_DRAW);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  uploaded_id_ = codes_id_;
  uploaded_dims_[0] = d0;
  uploaded_dims_[1] = d1;
  uploaded_selection_ = selection.version();
}

size_t GlPointsLayer::draw(ImDrawList* dl, const gfx::MapPrograms& gl, int d0, int d1, int highlight_class,
                           const Selection& selection, const Xform& xf, double& upload_ms) {
  upload_ms = 0;
  if (!codes_ || !gl.points.valid()) return 0;
  const size_t n = codes_->count();
  if (uploaded_id_ != codes_id_ || uploaded_dims_[0] != d0 || uploaded_dims_[1] != d1 ||
      uploaded_selection_ != selection.version()) {
    const auto t0 = Clock::now();
    drawn_news_ = uploaded_id_ != codes_id_;
    upload(d0, d1, selection);
    upload_ms = seconds(Clock::now() - t0) * 1e3;
  }
  const int side = int(std::ceil(xf.side));
  const Key key{uploaded_id_, uploaded_selection_, xf.cx, xf.cy, xf.scale, xf.side, d0, d1, highlight_class};
  if (!(key == key_) || !target_.valid()) {
    if (!target_.resize(side, side)) return 0;
    key_ = key;
    target_.begin();
    glUseProgram(gl.points.id());
    glUniform2f(gl.points.uniform("center"), xf.cx, xf.cy);
    glUniform1f(gl.points.uniform("scale"), xf.scale);
    glUniform1f(gl.points.uniform("half_side"), xf.side / 2);
    // Smaller sprites when they are many, so the classes' shapes stay visible.
    const float px = n > 30000 ? 2.5f : n > 5000 ? 3.5f : 5.f;
    glUniform1f(gl.points.uniform("point_px"), px);
    float palette[40];
    for (int k = 0; k < 10; ++k) {
      const ImVec4 c = ImGui::ColorConvertU32ToFloat4(widgets::class_color(k));
      palette[4 * k] = c.x, palette[4 * k + 1] = c.y, palette[4 * k + 2] = c.z, palette[4 * k + 3] = c.w;
    }
    glUniform4fv(gl.points.uniform("palette"), 10, palette);
    glUniform1i(gl.points.uniform("dim_mode"), selection.empty() ? 0 : 1);
    glUniform1i(gl.points.uniform("highlight"), highlight_class);
    glEnable(GL_PROGRAM_POINT_SIZE);
    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    // Premultiplied into the target, so ImGui can lay it over the map as it is.
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glBindVertexArray(vao_.get());
    for (int pass = 0; pass < 2; ++pass) {
      glUniform1i(gl.points.uniform("pass"), pass);
      glDrawArrays(GL_POINTS, 0, GLsizei(n));
    }
    glBindVertexArray(0);
    glUseProgram(0);
    gfx::RenderTarget::end();
  }
  target_.draw(dl, xf.c0, ImVec2(xf.c0.x + side, xf.c0.y + side));
  return n;
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
