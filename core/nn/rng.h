#pragma once
// A small, fast, portable RNG. std::normal_distribution differs between standard libraries,
// and a run promises identical numbers for the same seed (docs/architecture.md, Determinism): so the sampling is ours.
#include <cmath>
#include <cstdint>

namespace ll {

// SplitMix64 (Steele, Lea & Flood): a counter stepped by the golden-ratio gamma, through a
// mixer. Every 64-bit seed gives a well-spread sequence, which is why it seeds xoshiro below
// and is the data loaders' own generator (core/data/seeded_rng.h).
struct SplitMix64 {
  static constexpr uint64_t kGamma = 0x9e3779b97f4a7c15ull;
  uint64_t state;

  static uint64_t mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  uint64_t next() { return mix(state += kGamma); }
};

// xoshiro256++ seeded through splitmix64 (Blackman & Vigna).
class Rng {
 public:
  explicit Rng(uint64_t seed = 1) { reseed(seed); }

  void reseed(uint64_t seed) {
    SplitMix64 seeder{seed};
    for (auto& s : s_) s = seeder.next();
    has_spare_ = false;
  }

  uint64_t next() {
    const uint64_t result = rotl(s_[0] + s_[3], 23) + s_[0];
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, 1) with 24 random bits: exactly representable as float.
  float uniform() { return float(next() >> 40) * (1.0f / 16777216.0f); }
  // Uniform in (0, 1]: safe to take the log of.
  double uniform_open() { return (double(next() >> 11) + 1.0) * (1.0 / 9007199254740992.0); }
  // Uniform integer in [0, n).
  uint64_t below(uint64_t n) { return uint64_t((unsigned __int128)next() * n >> 64); }

  // Standard normal by Box–Muller, caching the second value.
  float normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const double r = std::sqrt(-2.0 * std::log(uniform_open()));
    const double theta = 6.283185307179586 * uniform_open();
    spare_ = float(r * std::sin(theta));
    has_spare_ = true;
    return float(r * std::cos(theta));
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
  float spare_ = 0;
  bool has_spare_ = false;
};

}  // namespace ll
