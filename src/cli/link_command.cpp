// civharm link FILE [OTHER_FILE] --compare SPEC… --block COLUMNS… --pairs OUT [--clusters OUT]
//              [--threshold P] [--max-block ROWS]
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "core/strings.h"
#include "service/link_files.h"

namespace civharm::cli {
namespace {

// "surname:jw:0.88,0.94:tf" → the column, the measure, its thresholds and term frequencies.
Result<service::FieldSpec> ParseCompare(const std::string& text) {
  const auto parts = Split(text, ':');
  const auto bad = [&](std::string why) {
    return std::unexpected(InvalidArgument(
        fmt::format("'{}': {} (COLUMN:MEASURE[:T1,T2…][:tf])", text, why), "compare"));
  };
  if (parts.size() < 2 || parts.size() > 4 || parts[0].empty()) return bad("cannot read it");
  service::FieldSpec spec{.column = std::string(parts[0])};
  const std::string measure(parts[1]);
  if (measure == "exact") {
    spec.measure = linkage::Measure::kExact;
  } else if (measure == "jw") {
    spec.measure = linkage::Measure::kJaroWinkler;
  } else if (measure == "lev") {
    spec.measure = linkage::Measure::kLevenshtein;
  } else if (measure == "jaccard") {
    spec.measure = linkage::Measure::kTokenJaccard;
  } else if (measure == "number") {
    spec.measure = linkage::Measure::kNumber;
  } else {
    return bad("the measure is one of exact, jw, lev, jaccard, number");
  }
  for (size_t i = 2; i < parts.size(); ++i) {
    if (parts[i] == "tf") {
      spec.term_frequency = true;
      continue;
    }
    for (std::string_view t : Split(parts[i], ',')) {
      const auto v = ParseDouble(t);
      if (!v) return bad(fmt::format("'{}' is not a number", t));
      spec.thresholds.push_back(*v);
    }
  }
  return spec;
}

}  // namespace

void AddLinkCommand(CLI::App& app, Command& command) {
  auto* cmd = app.add_subcommand(
      "link",
      "Deduplicate one CSV file, or link two, without a database: scored pairs and clusters");
  auto files = std::make_shared<std::vector<std::string>>();
  auto compares = std::make_shared<std::vector<std::string>>();
  auto blocks = std::make_shared<std::vector<std::string>>();
  auto request = std::make_shared<service::LinkFilesRequest>();
  auto pairs = std::make_shared<std::string>();
  auto clusters = std::make_shared<std::string>();
  cmd->add_option("files", *files, "One CSV file to deduplicate, or two to link")
      ->required()
      ->expected(1, 2)
      ->check(CLI::ExistingFile);
  cmd->add_option("--compare", *compares,
                  "COLUMN:MEASURE[:T1,T2…][:tf], repeatable; MEASURE exact, jw (Jaro-Winkler "
                  "at least T), lev (edit distance at most T), jaccard, number (within T); tf "
                  "weighs agreement on common values less")
      ->required();
  cmd->add_option("--block", *blocks,
                  "Compare only rows equal on these columns (COLUMN[+COLUMN…]), repeatable; "
                  "the rules' pairs are unioned")
      ->required();
  cmd->add_option("--threshold", request->threshold, "Probability at which a pair is linked")
      ->capture_default_str();
  cmd->add_option("--max-block", request->max_block,
                  "A blocking value shared by more rows than this pairs none of them (their "
                  "pairs come from the other rules); each rule's report says how many it had")
      ->capture_default_str();
  cmd->add_option("--pairs", *pairs, "CSV of the pairs worth a look, with scores and reasons")
      ->required();
  cmd->add_option("--clusters", *clusters, "CSV of every row's cluster");
  cmd->callback([=, &command] {
    command.run = [=] {
      service::LinkFilesRequest r = *request;
      for (const std::string& f : *files) r.files.emplace_back(f);
      for (const std::string& c : *compares) {
        auto spec = ParseCompare(c);
        if (!spec) return Fail(spec.error());
        r.fields.push_back(std::move(*spec));
      }
      for (const std::string& b : *blocks) {
        std::vector<std::string> rule;
        for (std::string_view c : Split(b, '+')) rule.emplace_back(c);
        r.blocking.push_back(std::move(rule));
      }
      r.pairs_out = *pairs;
      r.clusters_out = *clusters;
      auto summary = service::LinkFiles(r);
      if (!summary) return Fail(summary.error());
      fmt::print(
          "{} rows; {} candidate pairs compared; {} linked; {} clusters of two or more; "
          "{} pairs written to {}\n",
          fmt::join(summary->rows, " + "), summary->candidate_pairs, summary->linked_pairs,
          summary->clusters, summary->pairs_written, *pairs);
      for (const linkage::RuleReport& rule : summary->rules) {
        fmt::print("  block {}: {} pairs ({} new), largest block {} rows", rule.name, rule.pairs,
                   rule.new_pairs, rule.largest_block);
        if (rule.skipped_blocks > 0) {
          fmt::print("; {} {} shared by more than {} rows ({} rows in all) formed no pairs",
                     rule.skipped_blocks, rule.skipped_blocks == 1 ? "value" : "values",
                     r.max_block, rule.skipped_records);
        }
        fmt::print("\n");
      }
      return 0;
    };
  });
}

}  // namespace civharm::cli
