#pragma once
// Small text helpers shared by the panels.
#include <string>

namespace app::widgets {

// "z₁", "z₁₂": latent dimension d (0-based) as people count it (1-based), subscripted.
std::string dim_name(int d);
// "12,345" for counts shown to people.
std::string thousands(long long v);

}  // namespace app::widgets
