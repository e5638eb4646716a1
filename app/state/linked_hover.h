#pragma once
// Linked maps: the test image (row of code_index) under the mouse on one map is ringed on the
// others. The maps are drawn one after the other, so the hovered map posts what it is over
// and every map reads it the next frame.
// Written by the latent maps (post) and turned over by the app once a frame (next_frame).
// Read by the maps (the ring) and the image in focus.
namespace app {

class LinkedHover {
 public:
  // What the mouse was over last frame: its row of code_index (−1: no dot, or a test image
  // outside the snapshot's subset), the test image itself (−1: no dot), and on which map.
  int image() const { return image_; }
  int test_image() const { return test_image_; }
  int arm() const { return arm_; }
  void post(int row, int arm, int test_image) { next_ = row, next_arm_ = arm, next_test_ = test_image; }
  void next_frame() {
    image_ = next_, arm_ = next_arm_, test_image_ = next_test_;
    next_ = next_arm_ = next_test_ = -1;
  }

 private:
  int image_ = -1, arm_ = -1, test_image_ = -1;
  int next_ = -1, next_arm_ = -1, next_test_ = -1;
};

}  // namespace app
