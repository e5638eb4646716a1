#pragma once
// Nearest-neighbour search in pixel space: for each image, the closest image of a reference
// set (a dataset split) by mean squared pixel error. The hole map asks it of decoded latent
// points, the hole threshold of held-out test images, both against the training split.
#include <cstddef>
#include <cstdint>

namespace ll {

// images: (count, D) floats in [0, 1];  ref: (n_ref, D) uint8 pixels (v / 255 in [0, 1]);
// D = height · width · channels, HWC
// -> min_mse: (count) mean over the D values of the squared difference to the nearest
//    reference image, and index: (count) that image's row (may be null).
//
// Exact up to float rounding (two images within ~1e-6 of each other's distance may swap),
// and fast because most pairs never need their full distance. Each image is split
// into its 4×4-pixel block means (the orthonormal projection P onto block-constant images)
// and the rest, so ||a − b||² ≥ ||Pa − Pb||² + (||P⊥a|| − ||P⊥b||)²: a 49-wide product for
// 28×28 images instead of a 784-wide one. Only pairs whose bound is below the best distance
// found so far for that image get their distance computed. A block of pairs where the bound
// prunes little is done as one dense float GEMM, ||a||² + ||b||² − 2 a·b, instead. Nothing
// the size of count × n_ref is ever held. The winner's MSE is recomputed directly in double,
// so a copy of a reference image (as pixels_to_floats converts it) reads exactly 0.
// Throws ll::Error when n_ref is 0 and count is not (there is no nearest image).
void nearest_mse(const float* images, size_t count, const uint8_t* ref, size_t n_ref, int height,
                 int width, int channels, float* min_mse, int32_t* index);

}  // namespace ll
