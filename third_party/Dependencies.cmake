# Finds what core, the CLI and the tests need, from Debian's packages only.
# Nothing here is downloaded; a missing package fails configure with the apt name to install.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(Eigen3 3.3 REQUIRED NO_MODULE)
find_package(ZLIB REQUIRED)
find_package(OpenMP COMPONENTS CXX)
pkg_check_modules(STB REQUIRED IMPORTED_TARGET stb)

# CLI11 (libcli11-dev, header-only): the flag table in core/flags, used by both programs.
# Debian ships its CMake config in /usr/share/cmake/CLI11; older packagings had only the header.
find_package(CLI11 CONFIG QUIET)
if(NOT TARGET CLI11::CLI11)
  find_path(CLI11_INCLUDE_DIR CLI/CLI.hpp)
  if(NOT CLI11_INCLUDE_DIR)
    message(FATAL_ERROR "CLI11 not found: apt-get install libcli11-dev")
  endif()
  add_library(CLI11::CLI11 INTERFACE IMPORTED)
  target_include_directories(CLI11::CLI11 INTERFACE ${CLI11_INCLUDE_DIR})
endif()

# JSON (safetensors headers, --json and --print-stats lines): header-only nlohmann-json3-dev.
find_package(nlohmann_json 3.11 REQUIRED)
