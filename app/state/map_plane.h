#pragma once
// The plane the latent maps show, one per model (arm), and the one place every layer asks
// where a code goes on a map (project) and which code a map point means (lift): the points,
// the hover and brush, the manifold, the cursor's decode, the holes, the density, the
// interpolation and drawing marks.
//
// Two kinds, chosen in the Controls panel (or --plane) for latent sizes above 2:
//   Slice: the axis-aligned slice of app/state/slice.h, the same for every model except its
//          base image's code (as before planes).
//   Pca:   each model's own principal plane, fitted on its snapshot's codes (μ for a VAE),
//          through their mean (or through the base image's code). The axes are PC1 and PC2
//          with the share of the codes' variance each explains.
// A 2-D (or 1-D) latent space is always shown whole, as the slice along its dimensions.
//
//   Written by the Controls panel (kind, slice) and by sync(), which the app calls once a
//   frame before anything draws. Read by the maps, the hole measurement, the interpolation,
//   the Draw and Traverse tabs.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/state/slice.h"
#include "core/latent/latent_plane.h"
#include "core/latent/principal_plane.h"
#include "core/train/snapshot.h"

namespace app {

enum class PlaneKind { Slice, Pca };

class MapPlane {
 public:
  PlaneKind kind = PlaneKind::Slice;  // what the person asked for
  Slice slice;

  // Keeps every arm's plane valid for this snapshot. A principal plane is refitted when the
  // codes changed and the last fit is kRefit_s old (or at once for a timeline frame, a new
  // kind, latent size or base), and the plane changes only when the refit moved it more than
  // kKeepDegrees or kKeepShift: a plane that turned with every views refresh (2 a second)
  // would keep the map moving and leave the density, hover grid and hole tiles, computed off
  // the UI thread for one plane, always a plane behind. Refits keep each axis's sign.
  void sync(const ll::Snapshot& s, double now_s, bool past);

  // True when the maps show principal planes (kind Pca, latent above 2, fitted).
  bool pca() const { return pca_; }
  const ll::LatentPlane& of(size_t arm) const;
  // Changes whenever arm's plane does (ids are never reused): what off-thread work that lifts
  // map points (manifold, hole tiles) compares.
  uint64_t id(size_t arm) const { return arm < arms_.size() ? arms_[arm].id : 0; }
  // Changes only when where codes go on the map does: not when just the origin moves off the
  // plane (a base image's code refreshed), which lifts differently but projects the same. What
  // the points, their hover grid and the density compare.
  uint64_t projection_id(size_t arm) const { return arm < arms_.size() ? arms_[arm].projection_id : 0; }
  // Changes when the person changes the plane (kind, dims, base, latent size, data), not on a
  // principal plane's refit: work done for an earlier fit of the same family may be shown,
  // marked, until the current fit's lands (a refit turns the plane by a few degrees; the
  // density and hole tiles take seconds under training load, refits come every few seconds).
  uint64_t family(size_t arm) const { return arm < arms_.size() ? arms_[arm].family : 0; }
  const ll::PrincipalPlane* principal(size_t arm) const {
    return pca_ && arm < arms_.size() && arms_[arm].pca ? &*arms_[arm].pca : nullptr;
  }
  // The snapshot's codes of arm on its plane: (n, 2), n = the rows of code_index it holds.
  const std::vector<float>& xy(size_t arm) const;
  // The map's axis k: "z₃" or "PC1"; with share, "PC1 (34% var)".
  std::string axis_name(size_t arm, int k, bool share = false) const;
  // Whether arm's plane is its whole 2-D latent space (the slice along dims 0 and 1 of L = 2).
  bool whole_space(size_t arm) const;
  // Why the principal plane could not be fitted (the slice is shown meanwhile); empty if it was.
  const std::string& error() const { return error_; }
  // "slice" or "pca": what the maps show now (for the DISPLAY event and --print-stats).
  const char* shown() const { return pca_ ? "pca" : "slice"; }
  // How many times any arm's plane changed (each a new id): how still the maps kept.
  uint64_t changes() const { return next_id_ - 1; }

  void point(size_t arm, float x, float y, std::vector<float>& z) const { of(arm).lift(x, y, z); }
  void project(size_t arm, const float* z, float& x, float& y) const { of(arm).project(z, x, y); }

  static constexpr double kRefit_s = 3.0;
  // A refit this near the plane shown keeps the plane (PrincipalPlane::near).
  static constexpr double kKeepDegrees = 5.0, kKeepShift = 0.05;

 private:
  struct Arm {
    ll::LatentPlane plane;
    std::optional<ll::PrincipalPlane> pca;
    uint64_t id = 0, projection_id = 0, family = 0;
    std::vector<float> fitted_codes;  // the codes pca was fitted on (to tell new codes from a copy)
    double fitted_at = -1e9;
    std::vector<float> xy;
    std::vector<float> xy_codes;      // the codes xy was projected from
  };
  void fit(const ll::Snapshot& s, size_t arm, Arm& a, double now_s, bool force);
  std::vector<Arm> arms_;
  std::string key_;  // latent size, base and kind the fits belong to
  bool pca_ = false;
  std::string error_;
  uint64_t next_id_ = 1;
  static const ll::LatentPlane kNone;
  static const std::vector<float> kNoCodes;
};

}  // namespace app
