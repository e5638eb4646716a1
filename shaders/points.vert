#version 330 core
// One code as a point sprite. pos: the code in the map's two latent dimensions; cls: its
// class (−1 unlabelled); sel: 1 selected, 0 not. The sprite's size is in pixels, so it stays
// the same on zoom.
layout(location = 0) in vec2 pos;
layout(location = 1) in float cls;
layout(location = 2) in float sel;

uniform vec2 center;      // the latent point at the canvas's centre
uniform float scale;      // pixels per latent unit
uniform float half_side;  // half the canvas's side, pixels
uniform float point_px;   // the sprite's diameter, pixels
uniform vec4 palette[10];
uniform int dim_mode;     // 0: nothing dimmed; 1: codes with sel == 0 dimmed
uniform int highlight;    // a class drawn on top, the others dimmed (−1: none)
uniform int pass;         // 0: only the dimmed codes, 1: only the others, so those lie on top

out vec4 colour;

void main() {
  vec2 p = (pos - center) * scale / half_side;
  bool unselected = dim_mode == 1 && sel < 0.5;
  bool dim = unselected || (highlight >= 0 && int(cls) != highlight);
  // A code of the other pass goes outside the clip volume, where it is not rasterised.
  gl_Position = (dim == (pass == 0)) ? vec4(p, 0.0, 1.0) : vec4(4.0, 4.0, 4.0, 1.0);
  // A selection keeps its context: the other codes greyed and smaller, not hidden.
  gl_PointSize = dim ? max(point_px - 1.0, 1.0) : (dim_mode == 1 ? point_px + 1.0 : point_px);
  vec4 c = cls >= 0.0 ? palette[int(cls) % 10] : vec4(0.75, 0.75, 0.78, 1.0);
  vec3 grey = vec3(dot(c.rgb, vec3(0.30, 0.59, 0.11)));
  vec3 muted = unselected ? mix(c.rgb, grey, 0.75) : c.rgb;
  colour = dim ? vec4(muted * 0.55 + 0.12, 0.30) : vec4(c.rgb, 0.90);
}
