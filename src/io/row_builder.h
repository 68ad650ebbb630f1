// What every reader does with a row once its cells are converted: validate the record, name the
// input column behind each problem, and fill in the ImportRow — plus the small strict cell
// parsers the CSV readers share.
//
//   ColumnResolver columns;
//   columns.Add("location.lat", "latitude");
//   RowErrors errors(row);                       // row.row / row.line stamped on each error
//   auto lat = ParseNumberCell(cell, "latitude", errors);
//   CompleteRow(AnyRecord(std::move(report)), columns.Function(), row);
//   // row.record set, or row.errors naming 'latitude' for "location.lat: 95 is not a latitude"
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "domain/records.h"
#include "io/io.h"

namespace civharm::io::internal {

// Maps record field paths ("casualties.total_killed.max", "belligerents[1].name") to the input
// column that holds them. A path not registered resolves through its parents ("location.lat" →
// "location"), then through a single registered child ("date" → the column of "date.start"),
// and otherwise to itself: the field path is the best name when no single column holds it.
class ColumnResolver {
 public:
  void Add(std::string field, std::string column);
  std::string Resolve(std::string_view field) const;

 private:
  std::unordered_map<std::string, std::string> columns_;
};

using ColumnOf = std::function<std::string(const std::string& field)>;

// Appends errors to an ImportRow, stamping its row and line. Errors of a later stage for a
// column that an earlier stage already found wrong are dropped: "'abc' is not a number" says it
// all, "latitude and longitude must be given together" would only be its echo.
class RowErrors {
 public:
  explicit RowErrors(ImportRow& row) : row_(row), earlier_(row.errors.size()) {}
  void Add(std::string column, std::string message);
  // Starts a new stage: from now on, columns already in error stay silent.
  void NextStage() { earlier_ = row_.errors.size(); }
  bool empty() const { return row_.errors.empty(); }

 private:
  ImportRow& row_;
  size_t earlier_;
};

// Validates `record` (domain Validate), adds each problem under its column, and when the row has
// no error at all sets row.record and row.notes (domain QualityNotes, for reports and incidents).
void CompleteRow(AnyRecord record, const ColumnOf& column_of, ImportRow& row);

// Adds the problems of a failed codec read (FromJson) under their columns.
void AddStatusErrors(const Status& status, const ColumnOf& column_of, RowErrors& errors);

// `text` in single quotes for a message, shortened to about 60 bytes (on a character boundary)
// so that a long cell does not drown the message.
std::string Quoted(std::string_view text);

// Strict cell parsers: surrounding spaces are ignored, an empty cell is absent (nullopt without
// error), anything else that is not entirely a number is an error under `column`.
std::optional<int64_t> ParseIntCell(std::string_view cell, const std::string& column,
                                    RowErrors& errors);
std::optional<double> ParseNumberCell(std::string_view cell, const std::string& column,
                                      RowErrors& errors);

}  // namespace civharm::io::internal
