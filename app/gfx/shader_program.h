#pragma once
// A GLSL program built from shaders/ sources. The sources are embedded in the binary at build
// time (third_party/EmbedShaders.cmake); LATENTLAB_SHADER_DIR names a folder whose files
// replace the embedded ones of the same name, so a shader can be edited without a rebuild and
// a test can hand the app a broken one.
#include <string>

#include "app/gfx/gl_objects.h"

namespace app::gfx {

// The source of shaders/<name>: LATENTLAB_SHADER_DIR/<name> if that file exists, else the
// embedded copy. `origin` says which (for messages). False if neither exists.
bool shader_source(const std::string& name, std::string& source, std::string& origin);

class Program {
 public:
  // Compiles and links vert + frag. On failure returns false and `error` names the file and
  // carries the driver's info log, e.g. "points.frag (embedded): compile failed: 0:7(3):
  // error: ...".
  bool build(const std::string& vert, const std::string& frag, std::string& error);
  bool valid() const { return bool(id_); }
  unsigned id() const { return id_.get(); }
  // -1 when the program has no such active uniform (the driver may drop unused ones).
  int uniform(const char* name) const;

 private:
  ProgramName id_;
};

}  // namespace app::gfx
