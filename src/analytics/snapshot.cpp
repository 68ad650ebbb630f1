#include "analytics/snapshot.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/strings.h"
#include "geo/clusters.h"

namespace civharm::analytics {
namespace {

constexpr uint8_t kNoGrade = 255;

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

// The first date on or after a response reached one of `statuses`.
std::optional<Date> FirstReached(const Response& r, std::initializer_list<ResponseStatus> statuses) {
  for (const StatusChange& c : r.history) {
    if (std::find(statuses.begin(), statuses.end(), c.status) != statuses.end()) return c.on;
  }
  return std::nullopt;
}

void KeepEarliest(std::optional<Date>& slot, std::optional<Date> d) {
  if (d && (!slot || *d < *slot)) slot = d;
}

}  // namespace

Dictionary::Dictionary() {
  texts_.emplace_back();
  index_.emplace(texts_.back(), 0);
}

uint32_t Dictionary::Code(std::string_view text) {
  if (auto it = index_.find(text); it != index_.end()) return it->second;
  const auto code = static_cast<uint32_t>(texts_.size());
  texts_.emplace_back(text);
  index_.emplace(texts_.back(), code);
  return code;
}

std::vector<uint32_t> Dictionary::Matching(std::string_view text) const {
  std::vector<uint32_t> out;
  for (uint32_t i = 0; i < texts_.size(); ++i) {
    if (EqualsIgnoringCase(texts_[i], text)) out.push_back(i);
  }
  return out;
}

Figure FigureOf(const CountRange& r) {
  const auto first = [](std::initializer_list<std::optional<int64_t>> xs) {
    for (const auto& x : xs) {
      if (x) return *x;
    }
    return kNone;
  };
  Figure f;
  f.lo = first({r.min, r.best, r.max});
  f.hi = first({r.max, r.best, r.min});
  f.best_given = r.best.has_value();
  f.best = r.best ? *r.best : f.lo;
  return f;
}

namespace internal {

void ApplyCaseRecord(const CaseRecord& record, CaseFacts& f, bool external_source) {
  using RS = ResponseStatus;
  std::visit(
      [&](const auto& r) {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, Transition>) {
          if (r.step == CaseStep::kRecordFinding) KeepEarliest(f.assessed, r.on);
          if (r.step == CaseStep::kOpenInvestigation) KeepEarliest(f.investigation_opened, r.on);
        } else if constexpr (std::is_same_v<T, Assessment>) {
          f.finding = r.finding;
          f.external_sources = external_source || !r.other_sources.empty();
          f.assessed_killed = r.civilians_killed;
          f.assessed_injured = r.civilians_injured;
        } else if constexpr (std::is_same_v<T, Investigation>) {
          for (const Inquiry& q : r.inquiries) {
            if (q.outcome != InquiryOutcome::kNotPossible) f.inquired = true;
          }
        } else if constexpr (std::is_same_v<T, Response>) {
          if (r.kind == ResponseKind::kAcknowledgment || r.kind == ResponseKind::kApology) {
            KeepEarliest(f.acknowledged,
                         FirstReached(r, {RS::kOffered, RS::kAccepted, RS::kDelivered, RS::kPaid}));
          } else if (r.kind != ResponseKind::kOther) {
            KeepEarliest(f.amends_offered,
                         FirstReached(r, {RS::kOffered, RS::kAccepted, RS::kDeclined,
                                          RS::kPaid, RS::kDelivered}));
            KeepEarliest(f.amends_paid, FirstReached(r, {RS::kPaid, RS::kDelivered}));
          }
        } else if constexpr (std::is_same_v<T, Consultation>) {
          f.consulted = true;
        }
      },
      record);
}

}  // namespace internal

uint32_t Snapshot::RowFor(const Id& id) {
  if (auto it = rows_.find(id); it != rows_.end()) return it->second;
  const uint32_t row = size();
  std::array<char, 36> key{};
  std::copy_n(id.begin(), std::min<size_t>(id.size(), key.size()), key.begin());
  ids_.push_back(key);
  rows_.emplace(std::string_view(ids_.back().data(), ids_.back().size()), row);
  const auto grow = [](auto& column, auto value) { column.push_back(value); };
  grow(retracted_, char{0});
  grow(date_start_, 0);
  grow(date_end_, 0);
  grow(month_start_, 0);
  grow(month_end_, 0);
  grow(lat_, 0.0);
  grow(lon_, 0.0);
  grow(merc_x_, 0.0);
  grow(merc_y_, 0.0);
  grow(status_, uint8_t{0});
  grow(grade_, kNoGrade);
  for (auto* c : {&country_, &admin1_, &admin2_, &admin3_, &perpetrator_, &weapon_, &tactic_,
                  &strike_type_, &cells_begin_, &cells_count_, &restriction_}) {
    c->push_back(0);
  }
  belligerent_sets_.emplace_back();
  killed_.emplace_back();
  injured_.emplace_back();
  operations_.emplace_back();
  case_.emplace_back();
  return row;
}

void Snapshot::Reserve(size_t n) {
  rows_.reserve(n);
  const auto reserve = [n](auto&... columns) { (columns.reserve(n), ...); };
  reserve(retracted_, date_start_, date_end_, month_start_, month_end_, lat_, lon_, merc_x_,
          merc_y_, status_, grade_, country_, admin1_, admin2_, admin3_, perpetrator_,
          belligerent_sets_, weapon_, tactic_, strike_type_, killed_, injured_, cells_begin_,
          cells_count_, restriction_, operations_, case_);
}

void Snapshot::Put(const Incident& i) {
  const uint32_t row = RowFor(i.meta.id);
  const EventFacts& f = i.facts;
  retracted_[row] = i.meta.retracted();
  date_start_[row] = f.date.start.days();
  date_end_[row] = f.date.end.days();
  month_start_[row] = f.date.start.year() * 12 + f.date.start.month() - 1;
  month_end_[row] = f.date.end.year() * 12 + f.date.end.month() - 1;
  const bool point = f.location.lat && f.location.lon;
  lat_[row] = point ? *f.location.lat : std::numeric_limits<double>::quiet_NaN();
  lon_[row] = point ? *f.location.lon : std::numeric_limits<double>::quiet_NaN();
  merc_x_[row] = point ? geo::MercatorX(lon_[row]) : 0;
  merc_y_[row] = point ? geo::MercatorY(lat_[row]) : 0;
  status_[row] = static_cast<uint8_t>(i.status);
  grade_[row] = i.external_grade ? static_cast<uint8_t>(*i.external_grade) : kNoGrade;
  country_[row] = areas_.Code(f.location.country);
  admin1_[row] = areas_.Code(f.location.admin1);
  admin2_[row] = areas_.Code(f.location.admin2);
  admin3_[row] = areas_.Code(f.location.admin3);
  belligerent_sets_[row].clear();
  for (const Belligerent& b : f.belligerents) {
    belligerent_sets_[row].push_back(belligerents_.Code(b.name));
  }
  perpetrator_[row] = belligerent_sets_[row].empty() ? 0 : belligerent_sets_[row].front();
  weapon_[row] = means_.Code(f.means.weapon);
  tactic_[row] = means_.Code(f.means.tactic);
  strike_type_[row] = means_.Code(f.means.strike_type);
  killed_[row] = FigureOf(f.casualties.civilian.killed);
  injured_[row] = FigureOf(f.casualties.civilian.injured);
  cells_begin_[row] = static_cast<uint32_t>(cells_.size());
  for (const BreakdownEntry& e : f.casualties.breakdown) {
    if (e.status != CasualtyStatus::kCivilian) continue;
    cells_.push_back({e.age_group, e.sex, e.outcome, FigureOf(e.count)});
  }
  cells_count_[row] = static_cast<uint32_t>(cells_.size()) - cells_begin_[row];
  std::vector<std::string> groups = i.meta.restricted_to;
  std::sort(groups.begin(), groups.end());
  restriction_[row] = restrictions_.Code(fmt::format("{}", fmt::join(groups, ",")));
  operations_[row] = i.operation_ids;
}

void Snapshot::PutCase(std::string_view id, const CaseFacts& facts) {
  if (auto row = RowOf(id)) case_[*row] = facts;
}

std::optional<uint32_t> Snapshot::RowOf(std::string_view id) const {
  auto it = rows_.find(id);
  if (it == rows_.end()) return std::nullopt;
  return it->second;
}

uint32_t Snapshot::code(Dimension d, uint32_t row) const {
  switch (d) {
    case Dimension::kPerpetrator: return perpetrator_[row];
    case Dimension::kWeapon: return weapon_[row];
    case Dimension::kTactic: return tactic_[row];
    case Dimension::kStrikeType: return strike_type_[row];
    case Dimension::kCountry: return country_[row];
    case Dimension::kAdmin1: return admin1_[row];
    case Dimension::kAdmin2: return admin2_[row];
    case Dimension::kStatus: return status_[row];
    case Dimension::kGrade: return grade_[row] == kNoGrade ? 0 : grade_[row] + 1u;
    case Dimension::kAgeGroup:
    case Dimension::kSex: break;
  }
  return kNoCode;
}

std::vector<std::string> Snapshot::Names(Dimension d) const {
  const auto all = [](const Dictionary& dict) {
    std::vector<std::string> out;
    for (uint32_t i = 0; i < dict.size(); ++i) out.push_back(dict.Text(i));
    return out;
  };
  const auto enum_names = []<typename E>(E) {
    std::vector<std::string> out;
    for (const auto& [value, name] : EnumTraits<E>::kNames) out.emplace_back(name);
    return out;
  };
  switch (d) {
    case Dimension::kPerpetrator: return all(belligerents_);
    case Dimension::kWeapon:
    case Dimension::kTactic:
    case Dimension::kStrikeType: return all(means_);
    case Dimension::kCountry:
    case Dimension::kAdmin1:
    case Dimension::kAdmin2: return all(areas_);
    case Dimension::kStatus: return enum_names(AssessmentStatus{});
    case Dimension::kGrade: {
      auto names = enum_names(ExternalGrade{});
      names.insert(names.begin(), "");
      return names;
    }
    case Dimension::kAgeGroup: return enum_names(AgeGroup{});
    case Dimension::kSex: return enum_names(Sex{});
  }
  return {};
}

std::vector<char> Snapshot::VisibleRestrictions(const storage::View& view) const {
  std::vector<char> out(restrictions_.size(), 0);
  out[0] = 1;  // unrestricted
  for (uint32_t c = 1; c < restrictions_.size(); ++c) {
    std::vector<std::string> groups;
    for (std::string_view g : Split(restrictions_.Text(c), ',')) groups.emplace_back(g);
    out[c] = view.Sees(groups);
  }
  return out;
}

size_t Snapshot::MemoryBytes() const {
  size_t n = ids_.size() * (36 + 48);  // the id and its entry in the index
  n += size() * (sizeof(char) + 4 * sizeof(int32_t) + 4 * sizeof(double) + 2 +
                 11 * sizeof(uint32_t) + 2 * sizeof(Figure) + sizeof(CaseFacts) +
                 2 * sizeof(std::vector<int>));
  n += cells_.capacity() * sizeof(Cell);
  for (const auto& s : belligerent_sets_) n += s.capacity() * sizeof(uint32_t);
  for (const auto& ops : operations_) n += ops.capacity() * sizeof(std::string);
  return n;
}

Result<std::vector<uint32_t>> Select(const Snapshot& s, const storage::Query& q,
                                     const storage::View& view,
                                     const std::vector<uint32_t>* only) {
  CIVHARM_RETURN_IF_ERROR(q.Check(EntityKind::kIncident));
  const std::vector<char> visible = s.VisibleRestrictions(view);
  // A text filter that names nothing known matches nothing.
  const auto codes = [&](const Dictionary& dict, const std::string& text) {
    std::vector<char> match(dict.size(), 0);
    for (uint32_t c : dict.Matching(text)) match[c] = 1;
    return match;
  };
  struct AreaFilter {
    Dimension dim;
    std::vector<char> match;
  };
  std::vector<AreaFilter> areas;
  for (auto [dim, text] : {std::pair{Dimension::kCountry, &q.country},
                           std::pair{Dimension::kAdmin1, &q.admin1},
                           std::pair{Dimension::kAdmin2, &q.admin2}}) {
    if (!text->empty()) areas.push_back({dim, codes(s.areas(), *text)});
  }
  std::vector<char> admin3;
  if (!q.admin3.empty()) admin3 = codes(s.areas(), q.admin3);
  std::vector<char> belligerent;
  if (!q.belligerent.empty()) belligerent = codes(s.belligerents(), q.belligerent);
  std::array<char, 16> statuses{};
  for (AssessmentStatus st : q.statuses) statuses[static_cast<size_t>(st)] = 1;
  std::array<char, 16> grades{};
  for (ExternalGrade g : q.grades) grades[static_cast<size_t>(g) + 1] = 1;
  const std::optional<int32_t> from =
      q.date_from ? std::optional(q.date_from->days()) : std::nullopt;
  const std::optional<int32_t> to = q.date_to ? std::optional(q.date_to->days()) : std::nullopt;

  std::vector<uint32_t> out;
  const auto consider = [&](uint32_t r) {
    if (!visible[s.restriction(r)]) return;
    switch (q.retracted) {
      case storage::RetractedPolicy::kExclude:
        if (s.retracted(r)) return;
        break;
      case storage::RetractedPolicy::kOnly:
        if (!s.retracted(r)) return;
        break;
      case storage::RetractedPolicy::kInclude: break;
    }
    // The incident's date range overlaps [from, to].
    if (from && s.date_end(r).days() < *from) return;
    if (to && s.date_start(r).days() > *to) return;
    if (q.bbox) {
      if (!s.has_point(r)) return;
      const storage::BBox& b = *q.bbox;
      const double lat = s.lat(r), lon = s.lon(r);
      if (lat < b.min_lat || lat > b.max_lat) return;
      const bool in_lon = b.min_lon <= b.max_lon ? (lon >= b.min_lon && lon <= b.max_lon)
                                                 : (lon >= b.min_lon || lon <= b.max_lon);
      if (!in_lon) return;
    }
    for (const AreaFilter& a : areas) {
      if (!a.match[s.code(a.dim, r)]) return;
    }
    if (!admin3.empty() && !admin3[s.admin3(r)]) return;
    if (!belligerent.empty()) {
      const auto& set = s.belligerent_set(r);
      if (std::none_of(set.begin(), set.end(), [&](uint32_t c) { return belligerent[c]; })) {
        return;
      }
    }
    if (!q.statuses.empty() && !statuses[static_cast<size_t>(s.status(r))]) return;
    if (!q.grades.empty() && !grades[s.code(Dimension::kGrade, r)]) return;
    out.push_back(r);
  };
  if (only) {
    for (uint32_t r : *only) consider(r);
  } else {
    out.reserve(s.size());
    for (uint32_t r = 0; r < s.size(); ++r) consider(r);
  }
  return out;
}

}  // namespace civharm::analytics
