# -DLATENTLAB_FUZZ=ON: instruments everything built after this (core included) for libFuzzer
# coverage, with ASan and UBSan, and checks up front that the libFuzzer runtime is there.
# Debian: `CC=clang CXX=clang++`, runtime from libclang-rt-14-dev (scripts/deps --fuzz).
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "LATENTLAB_FUZZ needs clang (libFuzzer is part of clang): "
                      "configure a fresh build dir with CC=clang CXX=clang++, or use scripts/fuzz")
endif()

include(CheckCXXSourceCompiles)
set(CMAKE_REQUIRED_FLAGS -fsanitize=fuzzer)
set(CMAKE_REQUIRED_LINK_OPTIONS -fsanitize=fuzzer)
check_cxx_source_compiles(
  "#include <cstddef>\nextern \"C\" int LLVMFuzzerTestOneInput(const unsigned char*, std::size_t) { return 0; }"
  LATENTLAB_HAVE_LIBFUZZER)
unset(CMAKE_REQUIRED_FLAGS)
unset(CMAKE_REQUIRED_LINK_OPTIONS)
if(NOT LATENTLAB_HAVE_LIBFUZZER)
  message(FATAL_ERROR "clang cannot link -fsanitize=fuzzer: the libFuzzer runtime is missing; "
                      "apt-get install libclang-rt-14-dev (scripts/deps --fuzz does)")
endif()

# fuzzer-no-link: coverage counters everywhere, but libFuzzer's main() only in fuzz targets.
# No recovery: a UBSan report must stop the run so libFuzzer saves the input.
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
                    -fno-omit-frame-pointer -g)
add_link_options(-fsanitize=address,undefined)
