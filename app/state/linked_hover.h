#pragma once
// Linked maps: the test image (row of code_index) under the mouse on one map is ringed on the
// others. The maps are drawn one after the other, so the hovered map posts what it is over
// and every map reads it the next frame.
// Written by the latent maps (post) and turned over by the app once a frame (next_frame).
// Read by the maps (the ring) and the image in focus.
namespace app {

class LinkedHover {
 public:
  // What the mouse was over last frame (−1: no dot), and on which map (arm).
  int image() const { return image_; }
  int arm() const { return arm_; }
  void post(int image, int arm) { next_ = image, next_arm_ = arm; }
  void next_frame() {
    image_ = next_, arm_ = next_arm_;
    next_ = next_arm_ = -1;
  }

 private:
  int image_ = -1, arm_ = -1;
  int next_ = -1, next_arm_ = -1;
};

}  // namespace app
