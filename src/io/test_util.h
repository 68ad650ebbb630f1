// Helpers for the io tests: read a whole input through io::OpenReader, write records to text.
//
//   ReadOutcome r = ReadText("a,b\n1,2\n", {.format = ImportFormat::kCsv, .entity = ...});
//   ASSERT_TRUE(r.opened.ok());  EXPECT_EQ(r.rows.size(), 1u);
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "io/io.h"

namespace civharm::io::testing {

struct ReadOutcome {
  Status opened;  // OpenReader's failure, or OK
  std::vector<std::string> header;
  std::vector<ImportRow> rows;
  Status ended;  // the failure that stopped reading, or OK
  size_t valid() const {
    size_t n = 0;
    for (const auto& r : rows) n += r.record.has_value();
    return n;
  }
};

inline ReadOutcome ReadStream(std::istream& in, const ReaderOptions& options) {
  ReadOutcome out;
  auto reader = OpenReader(in, options);
  if (!reader) {
    out.opened = reader.error();
    return out;
  }
  out.header = (*reader)->header();
  while (true) {
    auto row = (*reader)->Next();
    if (!row) {
      out.ended = row.error();
      break;
    }
    if (!*row) break;
    out.rows.push_back(std::move(**row));
  }
  return out;
}

inline ReadOutcome ReadText(const std::string& text, const ReaderOptions& options) {
  std::istringstream in(text);
  return ReadStream(in, options);
}

inline std::string WriteText(const std::vector<AnyRecord>& records, const WriterOptions& options) {
  std::ostringstream out;
  auto writer = OpenWriter(out, options);
  if (!writer) return "OpenWriter failed: " + writer.error().ToString();
  for (const AnyRecord& r : records) {
    if (Status s = (*writer)->Write(r); !s.ok()) return "Write failed: " + s.ToString();
  }
  if (Status s = (*writer)->Finish(); !s.ok()) return "Finish failed: " + s.ToString();
  return out.str();
}

}  // namespace civharm::io::testing
