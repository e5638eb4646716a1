# Finds what core, the CLI and the tests need, from Debian's packages only.
# Nothing here is downloaded; a missing package fails configure with the apt name to install.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(Eigen3 3.3 REQUIRED NO_MODULE)
find_package(ZLIB REQUIRED)
find_package(OpenMP COMPONENTS CXX)
pkg_check_modules(STB REQUIRED IMPORTED_TARGET stb)

# JSON (safetensors headers, --json and --print-stats lines): header-only nlohmann-json3-dev.
find_package(nlohmann_json 3.11 REQUIRED)
