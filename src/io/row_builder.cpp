#include "io/row_builder.h"

#include <fmt/format.h>

#include "core/strings.h"

namespace civharm::io::internal {

void ColumnResolver::Add(std::string field, std::string column) {
  columns_[std::move(field)] = std::move(column);
}

std::string ColumnResolver::Resolve(std::string_view field) const {
  if (field.empty()) return {};
  std::string path(field);
  while (true) {
    if (auto it = columns_.find(path); it != columns_.end()) return it->second;
    const size_t cut = path.find_last_of(".[");
    if (cut == std::string::npos) break;
    path.resize(cut);
  }
  // "date: is required" concerns whichever column feeds date.start, when only one does.
  const std::string* only = nullptr;
  for (const auto& [f, column] : columns_) {
    if (f.size() > field.size() && f.starts_with(field) &&
        (f[field.size()] == '.' || f[field.size()] == '[')) {
      if (only && *only != column) return std::string(field);
      only = &column;
    }
  }
  return only ? *only : std::string(field);
}

void RowErrors::Add(std::string column, std::string message) {
  if (!column.empty()) {
    for (size_t i = 0; i < earlier_; ++i) {
      if (row_.errors[i].column == column) return;
    }
  }
  row_.errors.push_back({row_.row, row_.line, std::move(column), std::move(message)});
}

void AddStatusErrors(const Status& status, const ColumnOf& column_of, RowErrors& errors) {
  if (status.ok()) return;
  if (status.details().empty()) {
    errors.Add(column_of(status.field()), status.message());
    return;
  }
  for (const FieldError& e : status.details()) errors.Add(column_of(e.field), e.message);
}

void CompleteRow(AnyRecord record, const ColumnOf& column_of, ImportRow& row) {
  RowErrors errors(row);
  AddStatusErrors(Validate(record), column_of, errors);
  if (!row.errors.empty()) return;
  const EventFacts* facts = nullptr;
  if (const auto* r = std::get_if<Report>(&record)) facts = &r->facts;
  if (const auto* i = std::get_if<Incident>(&record)) facts = &i->facts;
  if (facts) {
    for (FieldError& note : QualityNotes(*facts)) {
      row.notes.push_back({row.row, row.line, column_of(note.field), std::move(note.message)});
    }
  }
  row.record = std::move(record);
}

std::string Quoted(std::string_view text) {
  constexpr size_t kMax = 60;
  if (text.size() <= kMax) return fmt::format("'{}'", text);
  size_t cut = kMax;
  // Never split a UTF-8 sequence: back up over continuation bytes.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return fmt::format("'{}…'", text.substr(0, cut));
}

std::optional<int64_t> ParseIntCell(std::string_view cell, const std::string& column,
                                    RowErrors& errors) {
  const std::string_view t = Trim(cell);
  if (t.empty()) return std::nullopt;
  auto v = ParseInt64(t);
  if (!v) errors.Add(column, fmt::format("{} is not a whole number", Quoted(t)));
  return v;
}

std::optional<double> ParseNumberCell(std::string_view cell, const std::string& column,
                                      RowErrors& errors) {
  const std::string_view t = Trim(cell);
  if (t.empty()) return std::nullopt;
  auto v = ParseDouble(t);
  if (!v) errors.Add(column, fmt::format("{} is not a number", Quoted(t)));
  return v;
}

}  // namespace civharm::io::internal
