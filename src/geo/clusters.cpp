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

double MercatorY(double lat) {
  const double phi = std::clamp(lat, -kMercatorLimit, kMercatorLimit) * std::numbers::pi / 180;
  return (1 - std::log(std::tan(phi) + 1 / std::cos(phi)) / std::numbers::pi) / 2;
}

}  // namespace

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
  world_pixels_ = 256.0 * std::ldexp(1.0, options.zoom);
  pixels_per_degree_ = world_pixels_ / 360;
}

void GridClusterer::Add(uint32_t index, double lat, double lon) {
  if (!options_.box.Contains(lat, lon)) return;
  ++in_view_;
  if (points_.size() <= options_.max_points) points_.push_back(index);
  const double cell = options_.cell_pixels;
  const auto cx = static_cast<uint64_t>(std::min((lon + 180) * pixels_per_degree_ / cell,
                                                 world_pixels_ / cell - 1));
  const auto cy =
      static_cast<uint64_t>(std::min(MercatorY(lat) * world_pixels_ / cell, world_pixels_ / cell - 1));
  auto [it, inserted] = cells_.try_emplace((cy << 32) | cx);
  Cell& c = it->second;
  if (inserted) c.first = index;
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
  std::vector<std::pair<uint64_t, Cell>> cells(cells_.begin(), cells_.end());
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
