#include "app/panels/trick_diagram.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace app {
namespace {

constexpr ImU32 kForward = IM_COL32(170, 175, 185, 255);
constexpr ImU32 kGrad = IM_COL32(255, 150, 40, 255);
constexpr ImU32 kBlocked = IM_COL32(235, 70, 70, 255);
constexpr ImU32 kText = IM_COL32(225, 228, 235, 255);
constexpr ImU32 kDim = IM_COL32(150, 155, 165, 255);

struct Box {
  ImVec2 a, b;  // corners
  ImVec2 mid() const { return ImVec2((a.x + b.x) / 2, (a.y + b.y) / 2); }
};

// "(0.12, −1.30)" from the first one or two dimensions, "…" after them.
std::string vec_text(const std::vector<float>& v) {
  char buf[64];
  if (v.empty()) return "–";
  if (v.size() == 1) {
    std::snprintf(buf, sizeof buf, "%.2f", v[0]);
  } else {
    std::snprintf(buf, sizeof buf, "(%.2f, %.2f%s)", v[0], v[1], v.size() > 2 ? ", …" : "");
  }
  return buf;
}

Box box(ImDrawList* dl, ImVec2 centre, const std::string& text, ImU32 border, const char* help) {
  const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
  const ImVec2 half(ts.x / 2 + 6, ts.y / 2 + 4);
  Box b{ImVec2(centre.x - half.x, centre.y - half.y), ImVec2(centre.x + half.x, centre.y + half.y)};
  dl->AddRectFilled(b.a, b.b, IM_COL32(40, 44, 54, 255), 4);
  dl->AddRect(b.a, b.b, border, 4, 0, 1.3f);
  dl->AddText(ImVec2(b.a.x + 6, b.a.y + 4), kText, text.c_str());
  if (ImGui::IsMouseHoveringRect(b.a, b.b) && ImGui::IsWindowHovered()) ImGui::SetTooltip("%s", help);
  return b;
}

void arrow(ImDrawList* dl, ImVec2 from, ImVec2 to, ImU32 col, float thick = 1.5f) {
  const float dx = to.x - from.x, dy = to.y - from.y, len = std::max(1e-3f, std::sqrt(dx * dx + dy * dy));
  const float ux = dx / len, uy = dy / len, head = 7;
  const ImVec2 base(to.x - ux * head, to.y - uy * head);
  dl->AddLine(from, base, col, thick);
  dl->AddTriangleFilled(to, ImVec2(base.x - uy * head * 0.5f, base.y + ux * head * 0.5f),
                        ImVec2(base.x + uy * head * 0.5f, base.y - ux * head * 0.5f), col);
}

// A forward arrow between two boxes on one row, and the gradient's arrow back above it with
// its label (the layout left the gap between the boxes wide enough for it).
void link(ImDrawList* dl, const Box& l, const Box& r, bool grad, const char* grad_label = nullptr) {
  const float y = (l.mid().y + r.mid().y) / 2;
  arrow(dl, ImVec2(l.b.x, y), ImVec2(r.a.x, y), kForward);
  if (!grad) return;
  const float gy = std::min(l.a.y, r.a.y) - 5;
  arrow(dl, ImVec2(r.a.x - 2, gy), ImVec2(l.b.x + 2, gy), kGrad, 2.f);
  if (grad_label) {
    const ImVec2 ts = ImGui::CalcTextSize(grad_label);
    dl->AddText(ImVec2((l.b.x + r.a.x - ts.x) / 2, gy - ts.y - 1), kGrad, grad_label);
  }
}

// One chain x -> enc -> (μ, σ) -> z -> dec -> log p(x|z): its six texts, and the labels of the
// gradient arrows between box i and i + 1 (null: none).
struct ChainText {
  std::string texts[6];
  const char* labels[5] = {nullptr, nullptr, nullptr, nullptr, nullptr};
};
ChainText chain_text(const TrickNumbers& n, const std::string& z_text, const char* musig_label) {
  ChainText c;
  const std::string ms = n.valid ? "μ = " + vec_text(n.mu) + "\nσ = " + vec_text(n.sigma) : "μ, σ";
  char lik[48] = "log p(x|z)";
  if (n.valid) std::snprintf(lik, sizeof lik, "log p(x|z)\n= %.1f", n.log_px_z);
  const std::string texts[6] = {"x", "enc.\nq_φ(z|x)", ms, z_text, "dec.\np_θ(x|z)", lik};
  for (int i = 0; i < 6; ++i) c.texts[i] = texts[i];
  c.labels[2] = musig_label;
  c.labels[3] = "∂/∂z";
  return c;
}

// The narrowest gap after box i: room for its gradient label.
float min_gap(const ChainText& c, int i) {
  return c.labels[i] ? std::max(14.f, ImGui::CalcTextSize(c.labels[i]).x + 8) : 14.f;
}
// The width the chain needs at the current font size.
float chain_width(const ChainText& c) {
  float w = 0;
  for (int i = 0; i < 6; ++i) w += ImGui::CalcTextSize(c.texts[i].c_str()).x + 12 + (i < 5 ? min_gap(c, i) : 0);
  return w;
}

// The six boxes of one chain placed over [x0, x1) on the row at y, the space beyond each gap's
// minimum shared evenly; `z_text` differs.
struct Chain {
  Box x, enc, musig, z, dec, lik;
};
Chain chain(ImDrawList* dl, float x0, float x1, float y, const ChainText& c, const char* z_help, ImU32 z_border) {
  const float extra = std::max(0.f, (x1 - x0 - chain_width(c)) / 5);
  float x = x0;
  Box out[6];
  const char* helps[6] = {
      "The image.",
      "The encoder, parameters φ: the network whose gradient the three estimators estimate.",
      "The encoder's output for this image: the mean and standard deviation of q(z|x), a diagonal Gaussian.",
      z_help,
      "The decoder, parameters θ: its gradient is pathwise in both chains.",
      "The reconstruction term of the ELBO for this z: how likely the decoder makes the image, in nats."};
  const ImU32 borders[6] = {kDim, kDim, kDim, z_border, kDim, kDim};
  for (int i = 0; i < 6; ++i) {
    const float w = ImGui::CalcTextSize(c.texts[i].c_str()).x + 12;
    out[i] = box(dl, ImVec2(x + w / 2, y), c.texts[i], borders[i], helps[i]);
    x += w + (i < 5 ? min_gap(c, i) + extra : 0);
  }
  return {out[0], out[1], out[2], out[3], out[4], out[5]};
}

// A row: its title's line, the gradient labels' line, then boxes of two text lines.
float row_centre(float top, float lh) { return top + 3 * lh + 13; }
// The whole picture's height at line height lh (diagram below): the trick's row with ε hanging
// under z, the score function's row with its arc and label under it.
float diagram_height(float lh) { return 11.2f * lh + 60; }

}  // namespace

void draw_trick_diagram(const TrickNumbers& n, ImVec2 size) {
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::Dummy(size);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  std::string zt = "z = μ + σ ⊙ ε";
  if (n.valid) zt += "\n= " + vec_text(n.z);
  const ChainText ta = chain_text(n, zt, "∂/∂μ, ∂/∂σ"), tb = chain_text(n, "z ~ q(z|x)\n(sample)", nullptr);
  // The lower window is short and narrow: the text a little smaller than the panel's, and
  // smaller still until both chains and both rows fit (a clipped arrow teaches nothing).
  float scale = 0.9f;
  for (int k = 0; k < 4; ++k) {
    ImGui::SetWindowFontScale(scale);
    const float need_w = std::max(chain_width(ta), chain_width(tb)) + 8;
    const float need_h = diagram_height(ImGui::GetTextLineHeight());
    const float fit = std::min({1.f, size.x / need_w, size.y / need_h});
    if (fit >= 1.f || scale <= 0.6f) break;
    scale = std::max(0.6f, scale * fit * 0.98f);
  }
  dl->PushClipRect(p0, ImVec2(p0.x + size.x, p0.y + size.y), true);
  const float lh = ImGui::GetTextLineHeight();
  const float x0 = p0.x + 4, x1 = p0.x + size.x - 4;
  // Row 1: the trick. ε hangs under z.
  float y = p0.y;
  dl->AddText(ImVec2(x0, y), kText, "Reparameterized (training): z = μ + σ ⊙ ε");
  const Chain a = chain(dl, x0, x1, row_centre(y, lh), ta,
                        "A deterministic function of μ, σ and the drawn ε: ∂z/∂μ = 1 and ∂z/∂σ = ε, "
                        "so the decoder's gradient reaches the encoder.",
                        kGrad);
  link(dl, a.x, a.enc, false);
  link(dl, a.enc, a.musig, true);
  link(dl, a.musig, a.z, true, ta.labels[2]);
  link(dl, a.z, a.dec, true, ta.labels[3]);
  link(dl, a.dec, a.lik, true);
  const std::string et = n.valid ? "ε = " + vec_text(n.eps) : "ε ~ N(0, I)";
  const ImVec2 es = ImGui::CalcTextSize(et.c_str());
  const Box e = box(dl, ImVec2(a.z.mid().x, a.z.b.y + es.y / 2 + 16), et, kDim,
                    "ε ~ N(0, I): the noise, drawn once per sample from N(0, I): it has no parameters, so no gradient "
                    "needs to pass through it (press \"new ε\" for another draw).");
  arrow(dl, ImVec2(e.mid().x, e.a.y), ImVec2(a.z.mid().x, a.z.b.y), kForward);

  // Row 2: the score function. The sample blocks the pathwise gradient.
  y = e.b.y + 2;
  dl->AddText(ImVec2(x0, y), kText, "Score function (REINFORCE): z ~ q(z|x)");
  const Chain b = chain(dl, x0, x1, row_centre(y, lh), tb,
                        "Sampling is not a differentiable function of μ and σ: no gradient flows back "
                        "through this node.",
                        kBlocked);
  link(dl, b.x, b.enc, false);
  link(dl, b.enc, b.musig, true);
  link(dl, b.musig, b.z, false);
  link(dl, b.z, b.dec, true, tb.labels[3]);
  link(dl, b.dec, b.lik, true);
  // The blocked gradient: a cross where it would leave z towards μ, σ.
  const ImVec2 c((b.musig.b.x + b.z.a.x) / 2, b.z.a.y - 5);
  dl->AddLine(ImVec2(c.x - 6, c.y - 6), ImVec2(c.x + 6, c.y + 6), kBlocked, 2.5f);
  dl->AddLine(ImVec2(c.x - 6, c.y + 6), ImVec2(c.x + 6, c.y - 6), kBlocked, 2.5f);
  // Instead: log p(x|z) times ∇φ log q(z|x), an arc under the chain from the likelihood to μ, σ,
  // its label between the boxes' bottom and the arc.
  const float bottom = std::max(b.lik.b.y, b.z.b.y);
  const float by = bottom + 2.2f * lh;
  const ImVec2 s(b.lik.mid().x, b.lik.b.y), t(b.musig.mid().x, b.musig.b.y);
  dl->AddBezierCubic(s, ImVec2(s.x, by), ImVec2(t.x, by), ImVec2(t.x, t.y + 8), kGrad, 2.f);
  arrow(dl, ImVec2(t.x, t.y + 9), ImVec2(t.x, t.y), kGrad, 2.f);
  const char* est = "log p(x|z) · ∇φ log q(z|x)";
  const ImVec2 ts = ImGui::CalcTextSize(est);
  dl->AddText(ImVec2((s.x + t.x - ts.x) / 2, bottom + 0.3f * lh), kGrad, est);
  if (ImGui::IsWindowHovered() && ImGui::IsMouseHoveringRect(ImVec2(t.x, bottom), ImVec2(s.x, by)))
    ImGui::SetTooltip("The score-function estimate: the sample's log-likelihood, a number, scales the gradient "
                      "of log q at that sample; unbiased, but it knows nothing of the decoder's slope.");
  dl->PopClipRect();
  ImGui::SetWindowFontScale(1.f);
}

}  // namespace app
