// Map clustering on a screen grid: points inside a box are grouped by the cell of a Web Mercator
// pixel grid at the map's zoom, so a map shows a few hundred markers whatever the number of
// points, and the individual points once few enough remain in view.
//
//   geo::GridClusterer c({.box = {.west = 35, .south = 32, .east = 39, .north = 37}, .zoom = 7});
//   for (uint32_t i = 0; i < n; ++i) c.Add(i, lat[i], lon[i]);   // points outside are ignored
//   geo::ClusterResult r = std::move(c).Finish();
//   // r.points: the indexes of every point in view, when there are at most max_points of them;
//   // otherwise r.clusters: count, mean position and extent of each cell's points.
//
// Pure computation; one clusterer per thread.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace civharm::geo {

// A box in degrees; west > east means the box crosses the antimeridian.
struct Box {
  double west = -180, south = -90, east = 180, north = 90;
  bool Contains(double lat, double lon) const;
  friend bool operator==(const Box&, const Box&) = default;
};

inline constexpr int kMaxZoom = 24;

// Web Mercator coordinates as fractions of the world's width, 0 at the west (−180°) or north
// (85.05°) edge, 1 at the east or south edge; latitudes beyond ±85.05° are clamped to it.
double MercatorX(double lon);
double MercatorY(double lat);

struct ClusterOptions {
  Box box;
  int zoom = 0;          // 0 (the world in one 256-pixel tile) … kMaxZoom
  int cell_pixels = 64;  // side of a grid cell on screen
  // At most this many points in view are returned one by one rather than clustered.
  uint32_t max_points = 500;
};

// invalid_argument naming the field: a box corner outside the valid ranges, south > north,
// a zoom or cell size out of range.
Status Validate(const ClusterOptions& options);

struct Cluster {
  uint64_t count = 0;
  double lat = 0, lon = 0;  // mean position of its points
  Box extent;               // the smallest box holding its points
  uint32_t first = 0;       // the index of the first point added to it
};

struct ClusterResult {
  uint64_t in_view = 0;
  std::vector<uint32_t> points;    // when in_view ≤ max_points, in the order added
  std::vector<Cluster> clusters;   // otherwise, largest first (ties: north to south, then west to east)
};

class GridClusterer {
 public:
  // `options` must be valid (Validate).
  explicit GridClusterer(const ClusterOptions& options);
  void Add(uint32_t index, double lat, double lon);
  // The same, with the point's MercatorX(lon) and MercatorY(lat) computed beforehand (callers
  // that cluster the same points often keep them).
  void AddProjected(uint32_t index, double lat, double lon, double x, double y);
  ClusterResult Finish() &&;

 private:
  struct Cell {
    uint64_t count = 0;
    double sum_lat = 0, sum_lon = 0;
    Box extent{180, 90, -180, -90};
    uint32_t first = 0;
  };
  Cell& CellAt(uint64_t cx, uint64_t cy);

  ClusterOptions options_;
  double world_cells_ = 0;  // the world's width in cells: 256·2^zoom pixels / cell_pixels
  uint64_t in_view_ = 0;
  std::vector<uint32_t> points_;
  // The cells of a box of few enough cells are in a dense grid over it; others in a hash map.
  uint64_t col0_ = 0, row0_ = 0, cols_ = 0, rows_ = 0;
  std::vector<int32_t> dense_;  // (row − row0_) · cols_ + (col − col0_) → index in cells_
  std::vector<std::pair<uint64_t, Cell>> cells_;  // key (row << 32 | col), cell
  std::unordered_map<uint64_t, uint32_t> sparse_;  // key → index in cells_
};

}  // namespace civharm::geo
