# The GUI stack from Debian: ImGui 1.86 (static lib with GLFW/OpenGL3 backends), GLFW 3.3,
# and a glad 2 loader generated at build time (never committed).
find_package(glfw3 3.3 REQUIRED)
pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
# /usr/bin/glad, not `python3 -m glad`: a pyenv python3 earlier on PATH lacks the module.
find_program(GLAD_EXECUTABLE glad PATHS /usr/bin NO_DEFAULT_PATH)
find_program(GLAD_EXECUTABLE glad REQUIRED)

set(GLAD_OUT ${CMAKE_BINARY_DIR}/glad)
# --reproducible: use the XML shipped in python3-glad instead of downloading it.
add_custom_command(
  OUTPUT ${GLAD_OUT}/src/gl.c ${GLAD_OUT}/include/glad/gl.h ${GLAD_OUT}/include/KHR/khrplatform.h
  COMMAND ${GLAD_EXECUTABLE} --quiet --reproducible --api gl:core=3.3 --extensions= --out-path ${GLAD_OUT} c
  COMMENT "Generating the OpenGL 3.3 core loader with glad"
  VERBATIM)
add_library(glad STATIC ${GLAD_OUT}/src/gl.c)
target_include_directories(glad SYSTEM PUBLIC ${GLAD_OUT}/include)

# Shaders are embedded as string constants so the binary runs from any directory.
function(embed_shaders target dir)
  file(GLOB shader_files CONFIGURE_DEPENDS ${dir}/*.vert ${dir}/*.frag)
  set(out ${CMAKE_BINARY_DIR}/generated/shaders_embedded.cpp)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DDIR=${dir} -P ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/EmbedShaders.cmake
    DEPENDS ${shader_files} ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/EmbedShaders.cmake
    COMMENT "Embedding GLSL shaders")
  add_library(${target} STATIC ${out})
endfunction()
