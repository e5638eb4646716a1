#include "app/state/map_plane.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/codes.h"
#include "app/widgets/text.h"
#include "core/error.h"

namespace app {

const ll::LatentPlane MapPlane::kNone{};
const std::vector<float> MapPlane::kNoCodes{};

void MapPlane::fit(const ll::Snapshot& s, size_t arm, Arm& a, double now_s, bool force) {
  const ll::ArmSnapshot& A = s.arms[arm];
  const int L = s.config.model.latent;
  const size_t n = std::min(s.code_index.size(), A.codes_mu.size() / size_t(L));
  const float* codes = A.codes_mu.data();
  if (n == 0) {  // the views are not encoded yet: nothing to fit, nothing wrong
    a.pca.reset();
    a.fitted_codes.clear();
    return;
  }
  const bool same = a.fitted_codes.size() == n * size_t(L) && std::equal(codes, codes + n * size_t(L), a.fitted_codes.begin());
  if (a.pca && (same || (!force && now_s - a.fitted_at < kRefit_s))) return;
  try {
    ll::PrincipalPlane p = ll::principal_plane(codes, n, L);
    if (a.pca && !force && p.near(*a.pca, kKeepDegrees, kKeepShift)) {
      // Nearly the same plane: keep it (the map, the tiles and the density stay as they are)
      // and take only the new shares of the variance.
      a.pca->variance[0] = p.variance[0];
      a.pca->variance[1] = p.variance[1];
      a.pca->total_variance = p.total_variance;
    } else {
      if (a.pca) p.orient_like(*a.pca);
      a.pca = std::move(p);
    }
    a.fitted_codes.assign(codes, codes + n * size_t(L));
    a.fitted_at = now_s;
  } catch (const ll::Error& e) {
    a.pca.reset();
    a.fitted_codes.clear();
    error_ = e.what();
  }
}

void MapPlane::sync(const ll::Snapshot& s, double now_s, bool past) {
  slice.sync(s);
  const int L = s.config.model.latent;
  const bool want_pca = kind == PlaneKind::Pca && L > 2;
  std::string key = std::to_string(L) + (want_pca ? "|pca|" : "|slice|") +
                    (slice.base_from_image ? std::to_string(slice.base_image) : "-") + "|" +
                    std::to_string(reinterpret_cast<uintptr_t>(s.data.get()));
  const bool new_key = key != key_;
  key_ = std::move(key);
  arms_.resize(s.arms.size());
  if (new_key) error_.clear();
  bool fitted = want_pca && !s.arms.empty();
  const bool was_pca = pca_;
  for (size_t i = 0; i < s.arms.size(); ++i) {
    Arm& a = arms_[i];
    if (!want_pca || (new_key && a.pca && a.pca->latent != L)) a.pca.reset(), a.fitted_codes.clear();
    if (want_pca) fit(s, i, a, now_s, new_key || past);
    fitted = fitted && a.pca;
  }
  if (fitted) error_.clear();
  pca_ = fitted;
  for (size_t i = 0; i < s.arms.size(); ++i) {
    Arm& a = arms_[i];
    const float* base = slice.base_from_image ? code_of(s, i, slice.base_image) : nullptr;
    ll::LatentPlane p = pca_ ? ll::LatentPlane::principal(*a.pca, base)
                             : ll::LatentPlane::slice(L, slice.dims[0], slice.dims[1], base);
    const bool moved = !(p == a.plane);
    if (moved) {
      // The projection changes with u and v, or with the origin's own coordinates on them.
      // (A base code's refresh moves a principal plane's origin off the plane: by rounding
      // only, a little along it.)
      float ox = 1, oy = 1;
      if (a.plane.valid() && a.plane.latent == p.latent) a.plane.project(p.origin.data(), ox, oy);
      const bool projects_same = a.plane.u == p.u && a.plane.v == p.v && std::abs(ox) < 1e-4f && std::abs(oy) < 1e-4f;
      const bool refit = pca_ && was_pca && !new_key;
      a.plane = std::move(p);
      a.id = next_id_++;
      if (!projects_same) a.projection_id = a.id;
      if (!projects_same && !refit) a.family = a.id;
    }
    // The snapshot's codes on the plane, for the layers that search or box them every frame.
    const ll::ArmSnapshot& A = s.arms[i];
    const size_t n = std::min(s.code_index.size(), A.codes_mu.size() / size_t(L));
    const float* codes = A.codes_mu.data();
    if (moved || a.xy_codes.size() != n * size_t(L) || !std::equal(codes, codes + n * size_t(L), a.xy_codes.begin())) {
      a.xy_codes.assign(codes, codes + n * size_t(L));
      a.plane.project_all(codes, n, a.xy);
    }
  }
}

const ll::LatentPlane& MapPlane::of(size_t arm) const { return arm < arms_.size() ? arms_[arm].plane : kNone; }

const std::vector<float>& MapPlane::xy(size_t arm) const { return arm < arms_.size() ? arms_[arm].xy : kNoCodes; }

std::string MapPlane::axis_name(size_t arm, int k, bool share) const {
  if (const ll::PrincipalPlane* p = principal(arm)) {
    char buf[48];
    if (share)
      std::snprintf(buf, sizeof buf, "PC%d (%.0f%% var)", k + 1, 100 * p->explained(k));
    else
      std::snprintf(buf, sizeof buf, "PC%d", k + 1);
    return buf;
  }
  return widgets::dim_name(slice.dims[k]);
}

bool MapPlane::whole_space(size_t arm) const {
  const ll::LatentPlane& p = of(arm);
  return !pca_ && p.latent == 2 && slice.dims[0] == 0 && slice.dims[1] == 1;
}

}  // namespace app
