// stb_image's implementation from Debian's header, compiled with the fuzz flags (see
// CMakeLists.txt here). Only the fuzz build uses it; the program links libstb.
#define STB_IMAGE_IMPLEMENTATION
#include <stb/stb_image.h>
