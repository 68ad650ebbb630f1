#include "geo/clusters.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include "geo/geo.h"

namespace civharm::geo {
namespace {

// Web Mercator stops at the latitude where the world is square.
constexpr double kMercatorLimit = 85.05112877980659;

// Dense grids up to this many cells (4 MB of slots).
constexpr uint64_t kDenseCells = uint64_t{1} << 20;

}  // namespace

double MercatorX(double lon) { return (lon + 180) / 360; }

double MercatorY(double lat) {
  const double phi = std::clamp(lat, -kMercatorLimit, kMercatorLimit) * std::numbers::pi / 180;
  return (1 - std::log(std::tan(phi) + 1 / std::cos(phi)) / std::numbers::pi) / 2;
}

bool Box::Contains(double lat, double lon) const {
  if (lat < south || lat > north) return false;
  if (west <= east) return lon >= west && lon <= east;
  return lon >= west || lon <= east;  // across the antimeridian
}

Status Validate(const ClusterOptions& o) {
  const auto bad = [](std::string field, std::string message) {
    return Status(ErrorCode::kInvalidArgument, std::move(message), std::move(field));
  };
  if (!IsValidLongitude(o.box.west)) return bad("bbox", "west must be a longitude in −180…180");
  if (!IsValidLongitude(o.box.east)) return bad("bbox", "east must be a longitude in −180…180");
  if (!IsValidLatitude(o.box.south)) return bad("bbox", "south must be a latitude in −90…90");
  if (!IsValidLatitude(o.box.north)) return bad("bbox", "north must be a latitude in −90…90");
  if (o.box.south > o.box.north) return bad("bbox", "south must not be north of north");
  if (o.zoom < 0 || o.zoom > kMaxZoom) {
    return bad("zoom", fmt::format("zoom must be 0…{}", kMaxZoom));
  }
  if (o.cell_pixels < 8 || o.cell_pixels > 512) return bad("cell", "cell must be 8…512 pixels");
  if (o.max_points > 100000) return bad("max_points", "max_points must be at most 100000");
  return Status::Ok();
}

GridClusterer::GridClusterer(const ClusterOptions& options) : options_(options) {
  world_cells_ = 256.0 * std::ldexp(1.0, options.zoom) / options.cell_pixels;
  const Box& b = options.box;
  if (b.west <= b.east) {
    const auto cell = [&](double fraction) {
      return static_cast<uint64_t>(std::min(fraction * world_cells_, world_cells_ - 1));
    };
    col0_ = cell(MercatorX(b.west));
    row0_ = cell(MercatorY(b.north));
    cols_ = cell(MercatorX(b.east)) - col0_ + 1;
    rows_ = cell(MercatorY(b.south)) - row0_ + 1;
    if (cols_ * rows_ <= kDenseCells) dense_.assign(cols_ * rows_, -1);
  }
}

void GridClusterer::Add(uint32_t index, double lat, double lon) {
  AddProjected(index, lat, lon, MercatorX(lon), MercatorY(lat));
}

GridClusterer::Cell& GridClusterer::CellAt(uint64_t cx, uint64_t cy) {
  const uint64_t key = (cy << 32) | cx;
  int64_t slot;
  if (!dense_.empty()) {
    int32_t& s = dense_[(cy - row0_) * cols_ + (cx - col0_)];
    if (s < 0) {
      s = static_cast<int32_t>(cells_.size());
      cells_.push_back({key, Cell{}});
    }
    slot = s;
  } else {
    auto [it, inserted] = sparse_.try_emplace(key, static_cast<uint32_t>(cells_.size()));
    if (inserted) cells_.push_back({key, Cell{}});
    slot = it->second;
  }
  return cells_[static_cast<size_t>(slot)].second;
}

void GridClusterer::AddProjected(uint32_t index, double lat, double lon, double x, double y) {
  if (!options_.box.Contains(lat, lon)) return;
  ++in_view_;
  if (points_.size() <= options_.max_points) points_.push_back(index);
  const double last = world_cells_ - 1;
  const auto cx = static_cast<uint64_t>(std::min(x * world_cells_, last));
  const auto cy = static_cast<uint64_t>(std::min(y * world_cells_, last));
  Cell& c = CellAt(cx, cy);
  if (c.count == 0) c.first = index;
  ++c.count;
  c.sum_lat += lat;
  c.sum_lon += lon;
  c.extent.west = std::min(c.extent.west, lon);
  c.extent.east = std::max(c.extent.east, lon);
  c.extent.south = std::min(c.extent.south, lat);
  c.extent.north = std::max(c.extent.north, lat);
}

ClusterResult GridClusterer::Finish() && {
  ClusterResult r;
  r.in_view = in_view_;
  if (in_view_ <= options_.max_points) {
    r.points = std::move(points_);
    return r;
  }
  std::vector<std::pair<uint64_t, Cell>> cells = std::move(cells_);
  std::sort(cells.begin(), cells.end(), [](const auto& a, const auto& b) {
    if (a.second.count != b.second.count) return a.second.count > b.second.count;
    return a.first < b.first;
  });
  r.clusters.reserve(cells.size());
  for (const auto& [key, c] : cells) {
    const double n = static_cast<double>(c.count);
    r.clusters.push_back({.count = c.count,
                          .lat = c.sum_lat / n,
                          .lon = c.sum_lon / n,
                          .extent = c.extent,
                          .first = c.first});
  }
  return r;
}

}  // namespace civharm::geo
