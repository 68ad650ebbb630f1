#include "geo/clusters.h"

#include <gtest/gtest.h>

namespace civharm::geo {
namespace {

TEST(ClustersTest, FewPointsInViewComeBackOneByOne) {
  GridClusterer c({.box = {.west = 35, .south = 32, .east = 39, .north = 37}, .zoom = 3,
                   .max_points = 3});
  c.Add(0, 33.5, 36.3);
  c.Add(1, 10.0, 36.3);  // south of the box
  c.Add(2, 34.0, 40.0);  // east of it
  c.Add(3, 36.9, 38.9);
  const ClusterResult r = std::move(c).Finish();
  EXPECT_EQ(r.in_view, 2u);
  EXPECT_EQ(r.points, (std::vector<uint32_t>{0, 3}));
  EXPECT_TRUE(r.clusters.empty());
}

TEST(ClustersTest, ManyPointsAreCountedIntoCellsWithTheirMeanAndExtent) {
  // Two tight groups far apart: Aleppo and Mosul, 30 points each, and one in Damascus.
  GridClusterer c({.box = {.west = 30, .south = 30, .east = 50, .north = 40}, .zoom = 6,
                   .max_points = 10});
  uint32_t i = 0;
  for (int k = 0; k < 30; ++k) c.Add(i++, 36.20 + k * 0.001, 37.15);
  for (int k = 0; k < 30; ++k) c.Add(i++, 36.34, 43.13 + k * 0.001);
  c.Add(i++, 33.51, 36.29);
  const ClusterResult r = std::move(c).Finish();
  EXPECT_EQ(r.in_view, 61u);
  EXPECT_TRUE(r.points.empty());
  ASSERT_EQ(r.clusters.size(), 3u);
  uint64_t total = 0;
  for (const Cluster& cl : r.clusters) total += cl.count;
  EXPECT_EQ(total, 61u);
  // The two groups of 30 come first (in cell order), the single point last.
  EXPECT_EQ(r.clusters[2].count, 1u);
  EXPECT_EQ(r.clusters[2].first, 60u);
  EXPECT_DOUBLE_EQ(r.clusters[2].lat, 33.51);
  const Cluster& aleppo = r.clusters[0].first == 0 ? r.clusters[0] : r.clusters[1];
  EXPECT_EQ(aleppo.count, 30u);
  EXPECT_NEAR(aleppo.lat, 36.2145, 1e-9);
  EXPECT_DOUBLE_EQ(aleppo.lon, 37.15);
  EXPECT_DOUBLE_EQ(aleppo.extent.south, 36.20);
  EXPECT_NEAR(aleppo.extent.north, 36.229, 1e-12);
}

TEST(ClustersTest, ZoomingInSplitsACluster) {
  const auto clusters_at = [](int zoom) {
    GridClusterer c({.box = {}, .zoom = zoom, .max_points = 0});
    c.Add(0, 36.20, 37.15);
    c.Add(1, 36.20, 37.25);  // about 9 km east
    return std::move(c).Finish().clusters.size();
  };
  EXPECT_EQ(clusters_at(4), 1u);
  EXPECT_EQ(clusters_at(12), 2u);
}

TEST(ClustersTest, ADenseGridAndAHashMapGiveTheSameClusters) {
  // A small box at zoom 12 has few cells (a dense grid); the world at zoom 12 has 2^32 (a hash
  // map). With every point inside the small box, both must cluster alike.
  const auto run = [](const Box& box) {
    GridClusterer c({.box = box, .zoom = 12, .max_points = 0});
    uint32_t i = 0;
    for (double lat = 36.0; lat < 36.3; lat += 0.0107) {
      for (double lon = 37.0; lon < 37.4; lon += 0.0131) c.Add(i++, lat, lon);
    }
    return std::move(c).Finish();
  };
  const ClusterResult dense = run({.west = 36.9, .south = 35.9, .east = 37.5, .north = 36.4});
  const ClusterResult sparse = run({});
  ASSERT_EQ(dense.clusters.size(), sparse.clusters.size());
  EXPECT_GT(dense.clusters.size(), 10u);
  for (size_t k = 0; k < dense.clusters.size(); ++k) {
    EXPECT_EQ(dense.clusters[k].count, sparse.clusters[k].count);
    EXPECT_EQ(dense.clusters[k].first, sparse.clusters[k].first);
    EXPECT_DOUBLE_EQ(dense.clusters[k].lat, sparse.clusters[k].lat);
  }
  EXPECT_DOUBLE_EQ(MercatorX(-180), 0);
  EXPECT_DOUBLE_EQ(MercatorY(0), 0.5);
}

TEST(ClustersTest, ABoxAcrossTheAntimeridianHoldsBothSides) {
  const Box box{.west = 170, .south = -20, .east = -170, .north = -10};
  EXPECT_TRUE(box.Contains(-15, 175));
  EXPECT_TRUE(box.Contains(-15, -175));
  EXPECT_FALSE(box.Contains(-15, 0));
  EXPECT_FALSE(box.Contains(-25, 175));
}

TEST(ClustersTest, RefusesBadOptionsNamingTheField) {
  EXPECT_EQ(Validate({.box = {.west = 0, .south = 10, .east = 5, .north = 5}}).field(), "bbox");
  EXPECT_EQ(Validate({.box = {.west = 181}}).field(), "bbox");
  EXPECT_EQ(Validate({.zoom = 25}).field(), "zoom");
  EXPECT_EQ(Validate({.cell_pixels = 2}).field(), "cell");
  EXPECT_TRUE(Validate({.zoom = 24}).ok());
}

}  // namespace
}  // namespace civharm::geo
