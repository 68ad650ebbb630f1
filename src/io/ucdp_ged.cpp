// UCDP Georeferenced Event Dataset (GED 23.1 layout, 49 columns) → one Report per event.
// The translation of each column is documented in docs/FORMATS.md; every column that has no
// field of its own is kept verbatim in Report::source_fields, so nothing of a row is lost.

#include <array>
#include <tuple>

#include <fmt/format.h>

#include "core/strings.h"
#include "io/csv_row_reader.h"
#include "io/dataset_columns.h"
#include "io/readers.h"
#include "io/row_builder.h"

namespace civharm::io::internal {
namespace {

// The columns civharm translates. Every other column (year, dyad ids, source_office, geom_wkt,
// priogrid_gid, ...) is optional and lands in source_fields.
enum Col {
  kId,
  kRelid,
  kTypeOfViolence,
  kConflictName,
  kSideA,
  kSideB,
  kSourceArticle,
  kSourceOriginal,
  kWherePrec,
  kWhereCoordinates,
  kWhereDescription,
  kAdm1,
  kAdm2,
  kLatitude,
  kLongitude,
  kCountry,
  kEventClarity,
  kDatePrec,
  kDateStart,
  kDateEnd,
  kDeathsA,
  kDeathsB,
  kDeathsCivilians,
  kDeathsUnknown,
  kBest,
  kHigh,
  kLow,
  kColumnCount
};
constexpr std::array<std::string_view, kColumnCount> kNames = {"id",
                                                               "relid",
                                                               "type_of_violence",
                                                               "conflict_name",
                                                               "side_a",
                                                               "side_b",
                                                               "source_article",
                                                               "source_original",
                                                               "where_prec",
                                                               "where_coordinates",
                                                               "where_description",
                                                               "adm_1",
                                                               "adm_2",
                                                               "latitude",
                                                               "longitude",
                                                               "country",
                                                               "event_clarity",
                                                               "date_prec",
                                                               "date_start",
                                                               "date_end",
                                                               "deaths_a",
                                                               "deaths_b",
                                                               "deaths_civilians",
                                                               "deaths_unknown",
                                                               "best",
                                                               "high",
                                                               "low"};

// Columns whose value is translated into a field and therefore not copied to source_fields.
// type_of_violence is copied too (the code beside its translation); deaths_a/deaths_b are
// copied only when their side has no name, since then no belligerent carries them.
constexpr bool Translated(Col c) {
  return c != kTypeOfViolence;
}

constexpr std::array<DatePrecision, 5> kDatePrecisions = {
    DatePrecision::kDay, DatePrecision::kDayRange, DatePrecision::kWeek, DatePrecision::kMonth,
    DatePrecision::kYear};
constexpr std::array<std::string_view, 3> kViolenceTypes = {
    "state-based conflict", "non-state conflict", "one-sided violence"};

// GED writes dates as "YYYY-MM-DD"; some releases write "YYYY-MM-DD 00:00:00.000". A time other
// than midnight would be information GED does not have, so it is refused rather than dropped.
std::optional<Date> ParseGedDate(std::string_view cell, const char* column, RowErrors& errors) {
  const std::string_view t = Trim(cell);
  if (t.empty()) {
    errors.Add(column, "is empty; every GED event has a start and an end date");
    return std::nullopt;
  }
  std::string_view day = t;
  if (t.size() == 23 && t[10] == ' ' && t.substr(11) == "00:00:00.000") day = t.substr(0, 10);
  if (day.size() != 10) {
    errors.Add(column,
               fmt::format("{} is not a date in the form YYYY-MM-DD (or YYYY-MM-DD 00:00:00.000)",
                           Quoted(t)));
    return std::nullopt;
  }
  auto d = Date::Parse(day);
  if (!d) {
    errors.Add(column, d.error().message());
    return std::nullopt;
  }
  return *d;
}

// A small code column ("1", "2", ...) read as a number from 1 to `max`.
std::optional<int> ParseCode(std::string_view cell, const char* column, int max,
                             std::string_view meaning, RowErrors& errors) {
  const std::string_view t = Trim(cell);
  if (t.empty()) return std::nullopt;
  const auto v = ParseInt64(t);
  if (!v || *v < 1 || *v > max) {
    errors.Add(column, fmt::format("{} is not a {} code ({})", Quoted(t), column, meaning));
    return std::nullopt;
  }
  return static_cast<int>(*v);
}

class UcdpGedReader : public CsvRowReader {
 public:
  UcdpGedReader(std::unique_ptr<CsvReader> csv, std::array<size_t, kColumnCount> index,
                std::vector<size_t> verbatim, std::string source_name)
      : CsvRowReader(std::move(csv), EntityKind::kReport),
        index_(index),
        verbatim_(std::move(verbatim)),
        source_name_(std::move(source_name)) {
    const std::array<std::pair<const char*, Col>, 21> fields = {
        {{"source_record_id", kId},
         {"reference_code", kRelid},
         {"date.start", kDateStart},
         {"date.end", kDateEnd},
         {"date.precision", kDatePrec},
         {"location.lat", kLatitude},
         {"location.lon", kLongitude},
         {"location.country", kCountry},
         {"location.admin1", kAdm1},
         {"location.admin2", kAdm2},
         {"location.place_names", kWhereCoordinates},
         {"location.description", kWhereDescription},
         {"location.precision", kWherePrec},
         {"location.source_precision", kWherePrec},
         {"conflict", kConflictName},
         {"event_type", kTypeOfViolence},
         {"clarity", kEventClarity},
         {"casualties.civilian.killed", kDeathsCivilians},
         {"casualties.undetermined.killed", kDeathsUnknown},
         {"citation", kSourceArticle},
         {"original_source", kSourceOriginal}}};
    for (const auto& [field, col] : fields) resolver_.Add(field, std::string(kNames[col]));
    resolver_.Add("casualties.total_killed.min", "low");
    resolver_.Add("casualties.total_killed.best", "best");
    resolver_.Add("casualties.total_killed.max", "high");
  }

 protected:
  void Convert(const std::vector<std::string>& cells, ImportRow& row) override {
    auto cell = [&](Col c) -> const std::string& { return cells[index_[c]]; };
    RowErrors errors(row);
    Report r;
    r.source_type = SourceType::kEventDataset;
    r.source_name = source_name_;
    r.source_record_id = std::string(Trim(cell(kId)));
    if (r.source_record_id.empty()) errors.Add("id", "is empty; every GED event has an id");
    r.reference_code = cell(kRelid);

    EventFacts& f = r.facts;
    const auto start = ParseGedDate(cell(kDateStart), "date_start", errors);
    const auto end = ParseGedDate(cell(kDateEnd), "date_end", errors);
    // When one date is unreadable, the other stands in, so that the error is not echoed as
    // "end before start".
    f.date.start = start ? *start : end.value_or(f.date.start);
    f.date.end = end ? *end : f.date.start;
    if (Trim(cell(kDatePrec)).empty()) errors.Add("date_prec", "is empty; every GED event has one");
    if (auto p = ParseCode(cell(kDatePrec), "date_prec", 5,
                           "1 day, 2 days, 3 week, 4 month, 5 year", errors)) {
      f.date.precision = kDatePrecisions[static_cast<size_t>(*p - 1)];
    }

    Location& loc = f.location;
    loc.lat = ParseNumberCell(cell(kLatitude), "latitude", errors);
    loc.lon = ParseNumberCell(cell(kLongitude), "longitude", errors);
    loc.country = cell(kCountry);
    loc.admin1 = cell(kAdm1);
    loc.admin2 = cell(kAdm2);
    if (!Trim(cell(kWhereCoordinates)).empty())
      loc.place_names.push_back({cell(kWhereCoordinates), ""});
    loc.description = cell(kWhereDescription);
    if (auto p = ParseCode(cell(kWherePrec), "where_prec", 7, "1 to 7", errors)) {
      loc.source_precision = SourcePrecision{PrecisionScheme::kUcdpWherePrec, *p};
      loc.precision = TranslatePrecision(*loc.source_precision);
    }

    f.conflict = cell(kConflictName);
    if (auto t = ParseCode(cell(kTypeOfViolence), "type_of_violence", 3,
                           "1 state-based conflict, 2 non-state conflict, 3 one-sided violence",
                           errors)) {
      f.event_type = std::string(kViolenceTypes[static_cast<size_t>(*t - 1)]);
    }
    if (auto c = ParseCode(cell(kEventClarity), "event_clarity", 2, "1 high, 2 low", errors)) {
      f.clarity = *c == 1 ? EventClarity::kHigh : EventClarity::kLow;
    }

    // The sides of the dyad, each with its own dead. Which belligerent index is which side
    // depends on the row (a side without a name is not listed).
    const auto deaths_a = ParseIntCell(cell(kDeathsA), "deaths_a", errors);
    const auto deaths_b = ParseIntCell(cell(kDeathsB), "deaths_b", errors);
    std::array<Col, 2> sides{};
    size_t listed = 0;
    for (const auto& [name, deaths, side, deaths_col] :
         {std::tuple{kSideA, deaths_a, Side::kA, kDeathsA},
          std::tuple{kSideB, deaths_b, Side::kB, kDeathsB}}) {
      if (Trim(cell(name)).empty()) {
        if (!cell(deaths_col).empty())
          r.source_fields[std::string(kNames[deaths_col])] = cell(deaths_col);
        continue;
      }
      Belligerent b{cell(name), Attribution::kKnown, side, {}};
      b.killed.best = deaths;
      f.belligerents.push_back(std::move(b));
      sides[listed++] = name;
    }

    Casualties& c = f.casualties;
    c.civilian.killed.best = ParseIntCell(cell(kDeathsCivilians), "deaths_civilians", errors);
    if (deaths_a && deaths_b) c.combatant.killed.best = *deaths_a + *deaths_b;
    c.undetermined.killed.best = ParseIntCell(cell(kDeathsUnknown), "deaths_unknown", errors);
    const auto low = ParseIntCell(cell(kLow), "low", errors);
    const auto high = ParseIntCell(cell(kHigh), "high", errors);
    c.total_killed = {low, ParseIntCell(cell(kBest), "best", errors), high};
    // GED has rows whose low is above their high. A range must be ordered, so the range spans
    // both figures (it contains everything the source said) and the source's own cells are kept.
    const bool inverted = low && high && *low > *high;
    if (inverted) {
      c.total_killed.min = high;
      c.total_killed.max = low;
      r.source_fields["low"] = cell(kLow);
      r.source_fields["high"] = cell(kHigh);
    }

    r.citation = cell(kSourceArticle);
    r.original_source = cell(kSourceOriginal);
    const auto& header = csv().header();
    for (size_t i : verbatim_) {
      if (!cells[i].empty()) r.source_fields[header[i]] = cells[i];
    }

    const ColumnOf column_of = [&](const std::string& field) -> std::string {
      if (field.starts_with("source_fields.")) return field.substr(14);
      if (field.starts_with("belligerents[") && field.size() > 14) {
        const size_t i = static_cast<size_t>(field[13] - '0');
        if (i < listed && field[14] == ']') {
          const bool killed = field.find(".killed") != std::string::npos;
          return std::string(
              kNames[killed ? (sides[i] == kSideA ? kDeathsA : kDeathsB) : sides[i]]);
        }
      }
      return resolver_.Resolve(field);
    };
    CompleteRow(AnyRecord(std::move(r)), column_of, row);
    if (inverted && row.record) {
      row.notes.push_back(
          {row.row, row.line, "low",
           fmt::format("the source's low estimate ({}) is above its high estimate ({}); "
                       "stored as the range {}–{}, with the source's figures kept in "
                       "source_fields",
                       *low, *high, *high, *low)});
    }
  }

 private:
  std::array<size_t, kColumnCount> index_;
  std::vector<size_t> verbatim_;  // header positions copied to source_fields
  std::string source_name_;
  ColumnResolver resolver_;
};

}  // namespace

Result<std::unique_ptr<RecordReader>> OpenUcdpGedReader(std::istream& in,
                                                        const ReaderOptions& options) {
  CIVHARM_ASSIGN_OR_RETURN(auto csv, CsvReader::Open(in));
  CIVHARM_ASSIGN_OR_RETURN(
      DatasetColumns cols,
      LocateColumns(*csv, kNames, kColumnCount, "a UCDP GED file in the 23.1 layout",
                    [](size_t c) { return !Translated(static_cast<Col>(c)); }));
  std::array<size_t, kColumnCount> index{};
  std::copy(cols.index.begin(), cols.index.end(), index.begin());
  std::string source_name = options.source_name.empty() ? "UCDP GED" : options.source_name;
  return std::unique_ptr<RecordReader>(
      new UcdpGedReader(std::move(csv), index, std::move(cols.verbatim), std::move(source_name)));
}

}  // namespace civharm::io::internal
