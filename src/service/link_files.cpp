#include "service/link_files.h"

#include <algorithm>
#include <fstream>
#include <map>

#include <fmt/format.h>

#include "io/csv_reader.h"
#include "io/csv_writer.h"
#include "linkage/fellegi_sunter.h"

namespace civharm::service {
namespace {

constexpr double kWorthALook = 0.05;

// The named columns of every row of `path`, in the order of `columns`.
Result<std::vector<std::vector<std::string>>> ReadColumns(const std::filesystem::path& path,
                                                          const std::vector<std::string>& columns) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(NotFound(fmt::format("cannot read '{}'", path.string())));
  auto csv = io::internal::CsvReader::Open(in);
  if (!csv) return std::unexpected(Status(csv.error()).Prepend(path.string()));
  std::vector<size_t> at;
  for (const std::string& c : columns) {
    const auto& header = (*csv)->header();
    const auto it = std::find(header.begin(), header.end(), c);
    if (it == header.end()) {
      return std::unexpected(
          InvalidArgument(fmt::format("{}: there is no column '{}'", path.string(), c), c));
    }
    at.push_back(static_cast<size_t>(it - header.begin()));
  }
  std::vector<std::vector<std::string>> rows;
  io::internal::CsvRecord rec;
  while (true) {
    CIVHARM_ASSIGN_OR_RETURN(bool more, (*csv)->Next(rec));
    if (!more) break;
    if (!rec.errors.empty()) {
      const io::RowError& e = rec.errors.front();
      return std::unexpected(InvalidArgument(
          fmt::format("{}: row {} (line {}){}: {}", path.string(), rec.row, rec.line,
                      e.column.empty() ? "" : fmt::format(", column '{}'", e.column), e.message)));
    }
    std::vector<std::string> row;
    row.reserve(at.size());
    for (size_t i : at) row.push_back(rec.cells[i]);
    rows.push_back(std::move(row));
  }
  return rows;
}

Status WriteAtomically(const std::filesystem::path& path, const std::string& text) {
  const std::filesystem::path partial = path.string() + ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    if (!out) return Unavailable(fmt::format("cannot write '{}'", partial.string()));
    out << text;
    out.close();
    if (!out) {
      std::filesystem::remove(partial);
      return Unavailable(fmt::format("writing '{}' failed", partial.string()));
    }
  }
  std::error_code ec;
  std::filesystem::rename(partial, path, ec);
  if (ec) return Unavailable(fmt::format("cannot create '{}': {}", path.string(), ec.message()));
  return Status::Ok();
}

}  // namespace

Result<LinkFilesSummary> LinkFiles(const LinkFilesRequest& request) {
  if (request.files.empty() || request.files.size() > 2) {
    return std::unexpected(InvalidArgument("give one file to deduplicate or two to link"));
  }
  if (request.fields.empty())
    return std::unexpected(InvalidArgument("compare at least one column"));
  if (request.blocking.empty()) {
    return std::unexpected(InvalidArgument("block on at least one column", "block"));
  }
  if (!(request.threshold > 0 && request.threshold < 1)) {
    return std::unexpected(InvalidArgument("must be between 0 and 1", "threshold"));
  }
  if (request.pairs_out.empty()) return std::unexpected(InvalidArgument("is required", "pairs"));
  // The columns read: every compared and blocked one, once.
  std::vector<std::string> columns;
  std::map<std::string, size_t> index;
  const auto column = [&](const std::string& name) {
    auto [it, added] = index.emplace(name, columns.size());
    if (added) columns.push_back(name);
    return it->second;
  };
  std::vector<linkage::FieldComparison> fields;
  for (const FieldSpec& f : request.fields) {
    fields.push_back({.name = f.column,
                      .column = column(f.column),
                      .measure = f.measure,
                      .thresholds = f.thresholds,
                      .term_frequency = f.term_frequency});
  }
  if (request.max_block < 2)
    return std::unexpected(InvalidArgument("must be at least 2", "max_block"));
  linkage::TableLinkOptions options{.max_block = request.max_block, .threshold = request.threshold};
  for (const auto& rule : request.blocking) {
    std::vector<size_t> cols;
    for (const std::string& c : rule) cols.push_back(column(c));
    options.blocking.push_back(std::move(cols));
  }

  std::vector<std::vector<std::string>> rows;
  std::vector<std::pair<size_t, int64_t>> origin;  // (file, row from 1)
  LinkFilesSummary summary;
  for (size_t f = 0; f < request.files.size(); ++f) {
    CIVHARM_ASSIGN_OR_RETURN(auto file_rows, ReadColumns(request.files[f], columns));
    summary.rows.push_back(static_cast<int64_t>(file_rows.size()));
    for (size_t r = 0; r < file_rows.size(); ++r) {
      origin.emplace_back(f, static_cast<int64_t>(r + 1));
      rows.push_back(std::move(file_rows[r]));
      if (request.files.size() == 2) options.side.push_back(static_cast<uint8_t>(f));
    }
  }
  if (request.files.size() == 2) {
    // Each list names a person once: a cluster holds at most one row of each file.
    options.source_of.assign(options.side.begin(), options.side.end());
  }
  // Only the pairs written (or linked) are kept: the rest of the candidates, often tens of
  // millions, are counted and forgotten.
  options.keep_probability = std::min(kWorthALook, request.threshold);
  CIVHARM_ASSIGN_OR_RETURN(linkage::LinkResult result, linkage::Deduplicate(rows, fields, options));
  summary.candidate_pairs = static_cast<int64_t>(result.candidates.pairs.size());
  summary.rules = result.candidates.rules;
  for (size_t r = 0; r < summary.rules.size(); ++r) {
    summary.rules[r].name = fmt::format("{}", fmt::join(request.blocking[r], "+"));
  }

  const auto file_name = [&](size_t f) { return request.files[f].filename().string(); };
  std::string pairs_csv;
  io::internal::AppendCsvRow(
      pairs_csv,
      {"file", "row", "other_file", "other_row", "probability", "weight", "linked", "reasons"},
      ',');
  std::vector<size_t> shown;  // indices into result.pairs
  for (size_t i = 0; i < result.pairs.size(); ++i) {
    if (result.pairs[i].probability >= kWorthALook) shown.push_back(i);
    if (result.pairs[i].probability >= request.threshold) ++summary.linked_pairs;
  }
  std::stable_sort(shown.begin(), shown.end(), [&](size_t x, size_t y) {
    return result.pairs[x].probability > result.pairs[y].probability;
  });
  for (size_t i : shown) {
    const linkage::ScoredCandidate* p = &result.pairs[i];
    const linkage::Model& model = result.fits[p->rule].model;
    std::string reasons;
    for (const linkage::Term& t : linkage::Explain(model, result.PatternOf(i))) {
      if (!reasons.empty()) reasons += "; ";
      reasons += fmt::format("{} {}: {:+.2f}", t.comparison, t.level, t.weight);
    }
    const auto [fa, ra] = origin[p->a];
    const auto [fb, rb] = origin[p->b];
    io::internal::AppendCsvRow(
        pairs_csv,
        {file_name(fa), std::to_string(ra), file_name(fb), std::to_string(rb),
         fmt::format("{:.6f}", p->probability), fmt::format("{:.3f}", p->weight),
         p->probability >= request.threshold ? "yes" : "no", reasons},
        ',');
  }
  summary.pairs_written = static_cast<int64_t>(shown.size());

  std::map<uint32_t, int64_t> sizes;
  for (uint32_t c : result.clusters) ++sizes[c];
  for (const auto& [c, n] : sizes) summary.clusters += n > 1;
  CIVHARM_RETURN_IF_ERROR(WriteAtomically(request.pairs_out, pairs_csv));
  if (!request.clusters_out.empty()) {
    std::string clusters_csv;
    io::internal::AppendCsvRow(clusters_csv, {"file", "row", "cluster"}, ',');
    for (size_t i = 0; i < rows.size(); ++i) {
      io::internal::AppendCsvRow(clusters_csv,
                                 {file_name(origin[i].first), std::to_string(origin[i].second),
                                  std::to_string(result.clusters[i] + 1)},
                                 ',');
    }
    CIVHARM_RETURN_IF_ERROR(WriteAtomically(request.clusters_out, clusters_csv));
  }
  return summary;
}

}  // namespace civharm::service
