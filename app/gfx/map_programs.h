#pragma once
// The GL programs the latent maps draw with, built once at start from shaders/. When one
// fails, `error` says which and why; the layers that need it then fall back to ImGui's
// drawing (the app shows the message in the status bar).
#include <string>

#include "app/gfx/shader_program.h"

namespace app::gfx {

struct MapPrograms {
  Program points;     // points.vert + points.frag: one sprite per code
  std::string error;  // the first failure, empty when all built

  void build();
};

}  // namespace app::gfx
