// The maps' plane as the app owns it (app/state/map_plane.h): a slice until PCA is asked for
// and fits, each arm its own principal plane with its share of the variance on the axis, a
// refit that keeps a nearly equal plane (the map stands still) and takes a turned one (new id,
// same family), a base image's refresh that lifts differently but projects the same, and a
// 2-D space always shown whole.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "app/state/map_plane.h"
#include "core/nn/rng.h"

namespace {

constexpr int kL = 8;
constexpr size_t kN = 600;

// Codes spread along (e0 + e1)/√2 with sd 3 and e2 with sd 1.5, turned by `deg` degrees from
// e0+e1 towards e3, plus noise 0.05.
std::vector<float> codes(double deg, uint64_t seed) {
  ll::Rng rng(seed);
  std::vector<float> c(kN * kL);
  const double t = deg * M_PI / 180;
  for (size_t r = 0; r < kN; ++r) {
    const float a = 3.f * rng.normal(), b = 1.5f * rng.normal();
    float* z = c.data() + r * kL;
    for (int i = 0; i < kL; ++i) z[i] = 0.05f * rng.normal();
    z[0] += float(a * std::cos(t) * M_SQRT1_2);
    z[1] += float(a * std::cos(t) * M_SQRT1_2);
    z[3] += float(a * std::sin(t));
    z[2] += b;
  }
  return c;
}

ll::Snapshot snapshot(int latent, const std::vector<float>& c0, const std::vector<float>& c1) {
  ll::Snapshot s;
  s.config.model.latent = latent;
  s.code_index.resize(c0.size() / size_t(latent));
  for (size_t i = 0; i < s.code_index.size(); ++i) s.code_index[i] = uint32_t(i);
  for (const auto* c : {&c0, &c1}) {
    ll::ArmSnapshot a;
    a.codes_mu = *c;
    s.arms.push_back(a);
  }
  s.arms[1].arm.kind = ll::ModelKind::Ae;
  return s;
}

TEST(MapPlane, SliceUntilPcaIsAskedForThenEachArmsOwnPlane) {
  const std::vector<float> a = codes(0, 1), b = codes(40, 2);
  const ll::Snapshot s = snapshot(kL, a, b);
  app::MapPlane p;
  p.slice.auto_dims = false;
  p.slice.dims[0] = 2, p.slice.dims[1] = 5;
  p.sync(s, 0, false);
  EXPECT_FALSE(p.pca());
  EXPECT_STREQ(p.shown(), "slice");
  float x, y;
  p.project(0, a.data() + 7 * kL, x, y);
  EXPECT_EQ(x, a[7 * kL + 2]);
  EXPECT_EQ(y, a[7 * kL + 5]);
  EXPECT_EQ(p.axis_name(0, 0, true), "z₃");

  p.kind = app::PlaneKind::Pca;
  p.sync(s, 0.1, false);
  ASSERT_TRUE(p.pca());
  const ll::PrincipalPlane* pa = p.principal(0);
  const ll::PrincipalPlane* pb = p.principal(1);
  ASSERT_TRUE(pa && pb);
  // Arm 0's PC1 is (e0 + e1)/√2, arm 1's is turned 40° towards e3: each map its own plane.
  EXPECT_GT(std::abs(pa->axis[0][0] + pa->axis[0][1]) * M_SQRT1_2, 0.999);
  EXPECT_GT(std::abs(pb->axis[0][3]), 0.6);
  char want[48];
  std::snprintf(want, sizeof want, "PC1 (%.0f%% var)", 100 * pa->explained(0));
  EXPECT_EQ(p.axis_name(0, 0, true), want);
  EXPECT_EQ(p.axis_name(0, 1), "PC2");
  // xy is every snapshot code through the same projection the layers use.
  ASSERT_EQ(p.xy(1).size(), kN * 2);
  p.project(1, b.data() + 11 * kL, x, y);
  EXPECT_EQ(p.xy(1)[22], x);
  EXPECT_EQ(p.xy(1)[23], y);
  // Lifting a map point and projecting it back is the identity on the plane.
  std::vector<float> z;
  p.point(1, 1.25f, -0.5f, z);
  p.project(1, z.data(), x, y);
  EXPECT_NEAR(x, 1.25f, 1e-5);
  EXPECT_NEAR(y, -0.5f, 1e-5);
}

TEST(MapPlane, RefitKeepsANearPlaneAndTakesATurnedOne) {
  const std::vector<float> b = codes(0, 9);
  app::MapPlane p;
  p.kind = app::PlaneKind::Pca;
  p.sync(snapshot(kL, codes(0, 1), b), 0, false);
  ASSERT_TRUE(p.pca());
  const uint64_t id0 = p.id(0), family0 = p.family(0);
  // The same images' codes a little later in training (each moved by ~0.02): refitted after
  // kRefit_s, and kept.
  std::vector<float> later = codes(0, 1);
  ll::Rng rng(3);
  for (float& v : later) v += 0.02f * rng.normal();
  p.sync(snapshot(kL, later, b), 10, false);
  EXPECT_EQ(p.id(0), id0);
  // The plane turned by 20°: but within kRefit_s of the last fit, not refitted yet.
  const ll::Snapshot turned = snapshot(kL, codes(20, 4), b);
  p.sync(turned, 11, false);
  EXPECT_EQ(p.id(0), id0);
  p.sync(turned, 14, false);
  EXPECT_NE(p.id(0), id0);
  EXPECT_NE(p.projection_id(0), 0u);
  EXPECT_EQ(p.family(0), family0);  // a refit, not the person's choice
  EXPECT_GT(std::abs(p.principal(0)->axis[0][3]), 0.3);
  // Back to the slice and to PCA: the person's choices start new families.
  p.kind = app::PlaneKind::Slice;
  p.sync(turned, 15, false);
  EXPECT_NE(p.family(0), family0);
  const uint64_t slice_family = p.family(0);
  p.kind = app::PlaneKind::Pca;
  p.sync(turned, 15.1, false);
  EXPECT_NE(p.family(0), slice_family);
}

TEST(MapPlane, ABaseImagesRefreshLiftsDifferentlyButProjectsTheSame) {
  app::MapPlane p;
  p.slice.auto_dims = false;
  p.slice.dims[0] = 0, p.slice.dims[1] = 1;
  p.slice.base_from_image = true;
  p.slice.base_image = 3;
  const std::vector<float> b = codes(0, 9);
  p.sync(snapshot(kL, codes(0, 1), b), 0, false);
  const uint64_t id0 = p.id(0), proj0 = p.projection_id(0), family0 = p.family(0);
  p.sync(snapshot(kL, codes(0, 2), b), 0.5, false);  // the views refreshed: image 3's code moved
  EXPECT_NE(p.id(0), id0);
  EXPECT_EQ(p.projection_id(0), proj0);
  EXPECT_EQ(p.family(0), family0);
}

TEST(MapPlane, ATwoDimensionalSpaceIsShownWhole) {
  std::vector<float> c(kN * 2);
  ll::Rng rng(5);
  for (float& v : c) v = rng.normal();
  app::MapPlane p;
  p.kind = app::PlaneKind::Pca;
  p.sync(snapshot(2, c, c), 0, false);
  EXPECT_FALSE(p.pca());
  EXPECT_TRUE(p.whole_space(0));
  EXPECT_TRUE(p.error().empty());
  // Too few codes to fit: the slice, and why.
  app::MapPlane q;
  q.kind = app::PlaneKind::Pca;
  q.sync(snapshot(kL, std::vector<float>(2 * kL, 0.f), std::vector<float>(2 * kL, 0.f)), 0, false);
  EXPECT_FALSE(q.pca());
  EXPECT_EQ(q.error(), "PCA plane: needs at least 3 codes, got 2");
}

}  // namespace
