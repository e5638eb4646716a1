#pragma once
// IDX headers and PNG chunk lengths are big-endian 32-bit integers.
#include <cstdint>

namespace ll::data {

inline uint32_t be32(const uint8_t* p) {
  return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | uint32_t(p[3]);
}

}  // namespace ll::data
