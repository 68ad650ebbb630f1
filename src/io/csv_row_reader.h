// The frame shared by the CSV importers (UCDP GED, ACLED, mapped CSV, civharm's own CSV): it
// reads records with CsvReader and leaves only the conversion of one row's cells to each format.
// An HXL hashtag row under the header (as civharm's and HDX's exports carry) is not data: the
// first data row is skipped when every non-empty cell in it is a hashtag.
//
//   class MyReader : public CsvRowReader {
//     void Convert(const std::vector<std::string>& cells, ImportRow& row) override {
//       ...  // build the record, add errors with RowErrors, then CompleteRow(...)
//     }
//   };
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "io/csv_reader.h"
#include "io/io.h"

namespace civharm::io::internal {

// The reserved name of the column civharm adds to a reject file. Every CSV reader ignores it, so
// that a mended reject file imports again as it is.
inline constexpr std::string_view kErrorsColumn = "civharm_errors";

class CsvRowReader : public RecordReader {
 public:
  CsvRowReader(std::unique_ptr<CsvReader> csv, EntityKind kind)
      : csv_(std::move(csv)), kind_(kind) {}

  EntityKind kind() const override { return kind_; }
  const std::vector<std::string>& header() const override { return csv_->header(); }
  Result<std::optional<ImportRow>> Next() override;
  uint64_t bytes_read() const override { return csv_->bytes_read(); }

 protected:
  // Converts the cells of one row — one per header column — into a record. `row` already holds
  // the reader's own problems with the row (invalid UTF-8 and such); Convert adds every problem
  // it finds and calls CompleteRow when it has a record to validate.
  virtual void Convert(const std::vector<std::string>& cells, ImportRow& row) = 0;

  const CsvReader& csv() const { return *csv_; }

 private:
  std::unique_ptr<CsvReader> csv_;
  EntityKind kind_;
  CsvRecord record_;
  uint64_t skipped_ = 0;
};

}  // namespace civharm::io::internal
