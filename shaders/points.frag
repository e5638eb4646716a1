#version 330 core
// A round sprite with a soft one-pixel rim.
in vec4 colour;
uniform float point_px;
out vec4 frag;

void main() {
  float r = length(gl_PointCoord - vec2(0.5)) * point_px;
  float edge = 0.5 * point_px;
  if (r > edge) discard;
  frag = vec4(colour.rgb, colour.a * clamp(edge - r + 0.5, 0.0, 1.0));
}
