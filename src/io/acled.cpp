// ACLED export CSV → one Report per event. The translation of each column is documented in
// docs/FORMATS.md; every column without a field of its own (source_scale, tags, inter1, iso, ...)
// is kept verbatim in Report::source_fields.

#include <array>

#include <fmt/format.h>

#include "core/strings.h"
#include "io/csv_row_reader.h"
#include "io/dataset_columns.h"
#include "io/readers.h"
#include "io/row_builder.h"

namespace civharm::io::internal {
namespace {

enum Col {
  kEventIdCnty,
  kEventDate,
  kLatitude,
  kLongitude,
  kFatalities,  // required
  kTimePrecision,
  kEventType,
  kSubEventType,
  kActor1,
  kActor2,
  kCivilianTargeting,
  kCountry,
  kAdmin1,
  kAdmin2,
  kAdmin3,
  kLocation,
  kGeoPrecision,
  kSource,
  kNotes,
  kTimestamp,
  kColumnCount
};
constexpr size_t kRequiredCount = 5;
constexpr std::array<std::string_view, kColumnCount> kNames = {
    "event_id_cnty",      "event_date",    "latitude",       "longitude", "fatalities",
    "time_precision",     "event_type",    "sub_event_type", "actor1",    "actor2",
    "civilian_targeting", "country",       "admin1",         "admin2",    "admin3",
    "location",           "geo_precision", "source",         "notes",     "timestamp"};

// Seconds from 1970 to the end of 9999, the last instant civharm's dates can hold.
constexpr int64_t kMaxUnixSeconds = 253402300799;

// ACLED writes event_date as "2023-01-15" (API), "15 January 2023" or "15-January-2023"
// (exports from its website and spreadsheets).
std::optional<Date> ParseAcledDate(std::string_view cell, RowErrors& errors) {
  const std::string_view t = Trim(cell);
  if (t.empty()) {
    errors.Add("event_date", "is empty; every ACLED event has a date");
    return std::nullopt;
  }
  Result<Date> d = Date::Parse(t);
  if (!d && t.find(' ') != std::string_view::npos)
    d = Date::ParseWithFormat(t, "%d %B %Y");
  else if (!d && t.size() != 10)
    d = Date::ParseWithFormat(t, "%d-%B-%Y");
  if (d) return *d;
  if (d.error().message().ends_with("is not a real date")) {
    errors.Add("event_date", d.error().message());
  } else {
    errors.Add("event_date",
               fmt::format("{} is not a date in a form ACLED uses (2023-01-15, 15 January "
                           "2023 or 15-January-2023)",
                           Quoted(t)));
  }
  return std::nullopt;
}

class AcledReader : public CsvRowReader {
 public:
  AcledReader(std::unique_ptr<CsvReader> csv, std::array<size_t, kColumnCount> index,
              std::vector<size_t> verbatim, std::string source_name)
      : CsvRowReader(std::move(csv), EntityKind::kReport),
        index_(index),
        verbatim_(std::move(verbatim)),
        source_name_(std::move(source_name)) {
    const std::array<std::pair<const char*, Col>, 18> fields = {
        {{"source_record_id", kEventIdCnty},
         {"date.start", kEventDate},
         {"date.end", kEventDate},
         {"date.precision", kTimePrecision},
         {"location.lat", kLatitude},
         {"location.lon", kLongitude},
         {"location.country", kCountry},
         {"location.admin1", kAdmin1},
         {"location.admin2", kAdmin2},
         {"location.admin3", kAdmin3},
         {"location.place_names", kLocation},
         {"location.precision", kGeoPrecision},
         {"location.source_precision", kGeoPrecision},
         {"event_type", kEventType},
         {"event_subtype", kSubEventType},
         {"civilians_targeted", kCivilianTargeting},
         {"description", kNotes},
         {"citation", kSource}}};
    for (const auto& [field, col] : fields) resolver_.Add(field, std::string(kNames[col]));
    resolver_.Add("casualties.total_killed", "fatalities");
    resolver_.Add("received_at", "timestamp");
  }

 protected:
  void Convert(const std::vector<std::string>& cells, ImportRow& row) override {
    static const std::string kEmpty;
    auto cell = [&](Col c) -> const std::string& {
      return index_[c] == kAbsentColumn ? kEmpty : cells[index_[c]];
    };
    RowErrors errors(row);
    Report r;
    r.source_type = SourceType::kEventDataset;
    r.source_name = source_name_;
    r.source_record_id = std::string(Trim(cell(kEventIdCnty)));
    if (r.source_record_id.empty())
      errors.Add("event_id_cnty", "is empty; every ACLED event has an id");

    EventFacts& f = r.facts;
    if (auto d = ParseAcledDate(cell(kEventDate), errors)) f.date.start = f.date.end = *d;
    const std::string_view precision = Trim(cell(kTimePrecision));
    if (precision == "2")
      f.date.precision = DatePrecision::kWeek;
    else if (precision == "3")
      f.date.precision = DatePrecision::kMonth;
    else if (!precision.empty() && precision != "1") {
      errors.Add("time_precision",
                 fmt::format("{} is not a time_precision code (1 day, 2 week, 3 month)",
                             Quoted(precision)));
    }

    Location& loc = f.location;
    loc.lat = ParseNumberCell(cell(kLatitude), "latitude", errors);
    loc.lon = ParseNumberCell(cell(kLongitude), "longitude", errors);
    loc.country = cell(kCountry);
    loc.admin1 = cell(kAdmin1);
    loc.admin2 = cell(kAdmin2);
    loc.admin3 = cell(kAdmin3);
    if (!Trim(cell(kLocation)).empty()) loc.place_names.push_back({cell(kLocation), ""});
    if (auto p = ParseIntCell(cell(kGeoPrecision), "geo_precision", errors)) {
      if (*p < 1 || *p > 3) {
        errors.Add("geo_precision", fmt::format("'{}' is not a geo_precision code (1 to 3)", *p));
      } else {
        loc.source_precision =
            SourcePrecision{PrecisionScheme::kAcledGeoPrecision, static_cast<int>(*p)};
        loc.precision = TranslatePrecision(*loc.source_precision);
      }
    }

    f.event_type = cell(kEventType);
    f.event_subtype = cell(kSubEventType);
    std::array<Col, 2> actors{};
    size_t listed = 0;
    for (const auto& [col, side] : {std::pair{kActor1, Side::kA}, std::pair{kActor2, Side::kB}}) {
      if (Trim(cell(col)).empty()) continue;
      f.belligerents.push_back({cell(col), Attribution::kKnown, side, {}});
      actors[listed++] = col;
    }
    const std::string_view targeting = Trim(cell(kCivilianTargeting));
    if (targeting == "Civilian targeting") {
      f.civilians_targeted = true;
    } else if (!targeting.empty()) {
      errors.Add("civilian_targeting",
                 fmt::format("{} is not a value ACLED uses here ('Civilian targeting' or empty)",
                             Quoted(targeting)));
    }
    f.casualties.total_killed.best = ParseIntCell(cell(kFatalities), "fatalities", errors);
    f.description = cell(kNotes);
    r.citation = cell(kSource);
    if (auto t = ParseIntCell(cell(kTimestamp), "timestamp", errors)) {
      if (*t < 0 || *t > kMaxUnixSeconds) {
        errors.Add("timestamp",
                   fmt::format("{} is not a Unix time in seconds between 1970 and 9999", *t));
      } else {
        r.received_at = Timestamp::FromUnixSeconds(*t);
      }
    }

    const auto& header = csv().header();
    for (size_t i : verbatim_) {
      if (!cells[i].empty()) r.source_fields[header[i]] = cells[i];
    }
    const ColumnOf column_of = [&](const std::string& field) -> std::string {
      if (field.starts_with("source_fields.")) return field.substr(14);
      if (field.starts_with("belligerents[") && field.size() > 14 && field[14] == ']') {
        const size_t i = static_cast<size_t>(field[13] - '0');
        if (i < listed) return std::string(kNames[actors[i]]);
      }
      return resolver_.Resolve(field);
    };
    CompleteRow(AnyRecord(std::move(r)), column_of, row);
  }

 private:
  std::array<size_t, kColumnCount> index_;
  std::vector<size_t> verbatim_;
  std::string source_name_;
  ColumnResolver resolver_;
};

}  // namespace

Result<std::unique_ptr<RecordReader>> OpenAcledReader(std::istream& in,
                                                      const ReaderOptions& options) {
  CIVHARM_ASSIGN_OR_RETURN(auto csv, CsvReader::Open(in));
  CIVHARM_ASSIGN_OR_RETURN(DatasetColumns cols,
                           LocateColumns(*csv, kNames, kRequiredCount, "an ACLED export"));
  std::array<size_t, kColumnCount> index{};
  std::copy(cols.index.begin(), cols.index.end(), index.begin());
  std::string source_name = options.source_name.empty() ? "ACLED" : options.source_name;
  return std::unique_ptr<RecordReader>(
      new AcledReader(std::move(csv), index, std::move(cols.verbatim), std::move(source_name)));
}

}  // namespace civharm::io::internal
