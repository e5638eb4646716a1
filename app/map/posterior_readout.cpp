#include "app/map/posterior_readout.h"

#include <imgui.h>

#include <cmath>
#include <cstdio>

namespace app {
namespace {

// The readout's pieces, laid out left to right and wrapped between pieces when the next would
// pass the strip's width (a narrow map puts the identity's last term on the second line).
class Flow {
 public:
  explicit Flow(float width) : width_(width) {}
  // A piece with its hover; `glue`: never start a line with it (" = ", " + ").
  void piece(const char* text, const char* help, ImU32 col = 0, bool glue = false) {
    const float w = ImGui::CalcTextSize(text).x;
    if (used_ > 0 && used_ + w > width_ && !glue) used_ = 0, ++line_;
    if (used_ > 0)
      ImGui::SameLine(0, 0);
    else
      while (*text == ' ') ++text;  // no leading blank on a line
    if (col)
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(col), "%s", text);
    else
      ImGui::TextUnformatted(text);
    used_ += ImGui::GetItemRectSize().x;
    if (help && ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
      ImGui::TextWrapped("%s", help);
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
  }
  // Starts line `k` (0-based) unless the pieces have reached it already.
  void to_line(int k) {
    if (line_ < k) used_ = 0, line_ = k;
  }

 private:
  float width_, used_ = 0;
  int line_ = 0;
};

// Rounds −0.004 to "0.00" rather than "-0.00": the quadratures' noise, not a sign.
double two_places(double v) { return std::fabs(v) < 0.005 ? 0.0 : v; }

}  // namespace

float posterior_readout_height() { return 2 * ImGui::GetTextLineHeightWithSpacing(); }

void posterior_readout(const PosteriorWorker::Result* r, const std::string& idle, float width) {
  const ImVec2 start = ImGui::GetCursorPos();
  ImGui::PushClipRect(ImGui::GetCursorScreenPos(),
                      ImVec2(ImGui::GetCursorScreenPos().x + width, ImGui::GetCursorScreenPos().y + posterior_readout_height()),
                      true);
  if (!r) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::TextDisabled("%s", idle.c_str());
    ImGui::PopTextWrapPos();
  } else {
    const ll::ExactReadout& e = r->readout;
    const bool one = r->dim == 1;
    char buf[4][64];
    std::snprintf(buf[0], sizeof buf[0], "log p(x) %.2f", e.log_px);
    std::snprintf(buf[1], sizeof buf[1], "ELBO %.2f", e.elbo);
    std::snprintf(buf[2], sizeof buf[2], "KL %.2f", two_places(e.kl));
    char help[3][400];
    std::snprintf(help[0], sizeof help[0],
                  "The evidence log p(x) = log ∫ p(x|z) p(z) dz of %s (%s), in nats, computed by quadrature over "
                  "the latent %s: the number the paper calls intractable. It equals ELBO + KL(q || p(z|x)); "
                  "here the two sides differ by %.3f nats, the quadratures' own error.",
                  r->source == "draw" ? "the drawing" : r->source.starts_with("hover") ? "the hovered image" : "end A",
                  r->source.c_str(), one ? "line" : "plane", e.identity_residual);
    std::snprintf(help[1], sizeof help[1], "%s",
                  "The ELBO, the bound training maximises: E_q[log p(x|z)] − KL(q || p(z)), computed without "
                  "sampling (Gauss–Hermite quadrature).");
    std::snprintf(help[2], sizeof help[2], "%s",
                  "KL(q(z|x) || p(z|x)): how far the encoder's q is from the true posterior, and exactly what the "
                  "bound falls short of log p(x) by.");
    Flow f(width);
    f.piece(buf[0], help[0], IM_COL32(255, 255, 255, 255));
    f.piece(" = ", nullptr, 0, true);
    f.piece(buf[1], help[1], 0, true);
    f.piece(" + ", nullptr, 0, true);
    f.piece(buf[2], help[2]);
    f.to_line(1);
    std::snprintf(buf[0], sizeof buf[0], "   gaps %.2f", two_places(e.approximation_gap));
    std::snprintf(buf[1], sizeof buf[1], " + %.2f", two_places(e.amortization_gap));
    f.piece(buf[0], "The approximation gap log p(x) − ELBO(q*): what the Gaussian family costs even with q*, the "
                  "best diagonal Gaussian for this one image.",
          0);
    f.piece(buf[1], "The amortization gap ELBO(q*) − ELBO(q): what using one encoder for every image costs on this "
                  "one. The two gaps add up to log p(x) − ELBO.");
    std::snprintf(help[0], sizeof help[0],
                  one ? "The true posterior p(z|x): the filled curve over z (brighter where denser, peak %.3g per "
                        "unit of z); the white bars on the axis and on the diagonal hold 68%% and 95%% of its mass."
                      : "The true posterior p(z|x): the heatmap (brighter where denser, peak %.3g per unit area); "
                        "the white outlines hold 39%% and 86%% of its mass (a 2-D Gaussian's 1σ and 2σ).",
                  r->peak_density);
    f.piece("   p", help[0], IM_COL32(255, 255, 255, 255));
    f.piece(" q", one ? "The encoder's q(z|x), the Gaussian curve in blue, on the same scale."
                    : "The encoder's q(z|x): the blue ellipses, holding the same masses.",
          IM_COL32(90, 170, 255, 255));
    if (e.q_star_improved)
      f.piece(" q*", "q*: the best diagonal Gaussian for this one image, fitted to the true posterior (magenta).",
            IM_COL32(255, 90, 210, 255));
  }
  ImGui::PopClipRect();
  ImGui::SetCursorPos(ImVec2(start.x, start.y + posterior_readout_height()));
  ImGui::Dummy(ImVec2(width, 0));
}

}  // namespace app
