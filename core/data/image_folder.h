#pragma once
// Datasets made from a folder of ordinary image files (whatever stb_image decodes: PNG,
// JPEG, BMP, GIF, TGA, PSD, HDR, PIC, PNM).
#include <cstdint>
#include <string>
#include <vector>

#include "core/data/dataset.h"

namespace ll::data {

struct FolderOptions {
  int width = 28, height = 28;  // every image is area-resized to this
  bool rgb = false;             // false: Rec. 601 luma, 1 channel
};

// One image file, read with the same checks as a folder's and area-resized to opt's size and
// channels (what the Draw tab's example drawings need): (height, width, rgb ? 3 : 1) bytes.
// Throws ll::Error naming the file and why it cannot be read.
std::vector<uint8_t> load_image_file(const std::string& file, const FolderOptions& opt);
// One image file as it is, RGBA (height, width, 4) bytes (the window icon keeps its alpha).
// Throws ll::Error naming the file and why it cannot be read.
std::vector<uint8_t> load_image_rgba(const std::string& file, int& width, int& height);

// Parses the part of a spec after "folder:" — "DIR[@WxH][:rgb]" — into the folder and options.
// A DIR that exists as given wins over reading a trailing "@…" or ":rgb" as options.
FolderOptions parse_folder_spec(const std::string& rest, std::string& dir);

// Sub-folders of DIR are the classes (sorted names -> ids 0..K-1), their files the images;
// without sub-folders, the files directly in DIR form an unlabelled set.  When sub-folders
// exist, loose files in DIR are ignored: a Split labels all its images or none.  Files that
// stb_image cannot read are skipped and listed in Dataset::warnings.  Test = a seeded sixth
// (at least 1 when there are 2 or more images).  File lists are sorted, so a seed gives the
// same dataset on every run.
Dataset load_image_folder(const std::string& dir, const FolderOptions& opt, uint64_t seed);

}  // namespace ll::data
