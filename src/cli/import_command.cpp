#include <filesystem>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/progress.h"
#include "io/describe.h"
#include "service/import_service.h"

namespace civharm::cli {
namespace {

constexpr size_t kNotesShown = 5;

int Report(const service::ImportSummary& s, const service::ImportRequest& req) {
  for (const std::string& c : s.conflicts) fmt::print(stderr, "civharm: warning: {}\n", c);
  if (!s.landed) {
    for (const io::RowError& e : s.errors) fmt::print(stderr, "{}\n", io::Describe(e));
    if (s.errors.size() == service::kMaxListed) {
      fmt::print(stderr, "… only the first {} problems are listed\n", service::kMaxListed);
    }
    return Fail(InvalidArgument(fmt::format(
        "nothing imported: {} of {} rows are invalid (fix them, or use --skip-invalid to import "
        "the valid rows)",
        s.rejected, s.rows)));
  }
  const std::string kind(EnumName(s.kind));
  fmt::print("imported {}: {} rows: {} {}s created", req.file.filename().string(), s.rows,
             s.created, kind);
  if (kind == "report") fmt::print(", {} incidents opened for them", s.incidents_opened);
  fmt::print("; {} already present, {} conflicting, {} refused\n", s.unchanged, s.conflicting,
             s.rejected);
  if (s.rejected > 0) {
    fmt::print("refused rows and their reasons are in {}\n", req.rejects_file.string());
  }
  if (s.noted > 0) {
    fmt::print("{} rows carry data-quality notes (kept as given), for example:\n", s.noted);
    for (size_t i = 0; i < std::min(kNotesShown, s.notes.size()); ++i) {
      fmt::print("  {}\n", io::Describe(s.notes[i]));
    }
  }
  return 0;
}

}  // namespace

void AddImportCommand(CLI::App& app, Command& command) {
  auto* cmd =
      app.add_subcommand("import", "Import reports, incidents, victims or operations from a file");
  struct Options {
    std::string db = kDefaultDb;
    std::string format;
    std::string entity = "incident";
    std::string mapping;
    std::string source_name;
    std::string rejects;
    bool skip_invalid = false;
    std::string file;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--format", o->format,
                  "ucdp-ged, acled, csv (civharm's layout or --mapping) or json")
      ->required()
      ->check(CLI::IsMember({"ucdp-ged", "acled", "csv", "json"}));
  cmd->add_option("--mapping", o->mapping, "Column-mapping file (YAML or JSON) for --format csv")
      ->check(CLI::ExistingFile);
  cmd->add_option("--entity", o->entity, "Kind of record in a civharm csv/json file")
      ->capture_default_str()
      ->check(CLI::IsMember({"incident", "report", "victim", "operation"}));
  cmd->add_option("--source-name", o->source_name, "Source name stored on UCDP/ACLED reports");
  cmd->add_flag("--skip-invalid", o->skip_invalid,
                "Import the valid rows; write refused ones to --rejects");
  cmd->add_option("--rejects", o->rejects,
                  "Where refused rows go (default: <file>.rejects.csv in this folder)");
  cmd->add_option("--db", o->db, "Database file")->capture_default_str();
  cmd->add_option("file", o->file, "The file to import")->required()->check(CLI::ExistingFile);
  cmd->callback([o, &command] {
    command.run = [o] {
      const io::ImportFormat format = *ParseEnum<io::ImportFormat>(o->format);
      std::optional<io::Mapping> mapping;
      if (!o->mapping.empty()) {
        if (format != io::ImportFormat::kCsv)
          return Fail(InvalidArgument("--mapping goes with --format csv", "mapping"));
        auto m = io::LoadMapping(o->mapping);
        if (!m) return Fail(m.error().Prepend(o->mapping));
        mapping = std::move(*m);
      }
      service::ImportRequest req;
      req.file = o->file;
      req.reader = {.format = format,
                    .entity = *ParseEnum<EntityKind>(o->entity),
                    .mapping = mapping ? &*mapping : nullptr,
                    .source_name = o->source_name};
      if (o->skip_invalid) {
        req.invalid_rows = service::InvalidRows::kSkip;
        req.rejects_file =
            !o->rejects.empty()
                ? std::filesystem::path(o->rejects)
                : std::filesystem::path(
                      std::filesystem::path(o->file).stem().string() +
                      (format == io::ImportFormat::kJson ? ".rejects.jsonl" : ".rejects.csv"));
      }
      auto session = OpenSignedIn(o->db);
      if (!session) return Fail(session.error());
      auto summary = [&] {
        ProgressBar bar("importing " + std::filesystem::path(o->file).filename().string());
        req.progress = [&bar](uint64_t done, uint64_t total) { bar.Update(done, total); };
        auto result = service::Import(*session->store, session->actor, req);
        req.progress = nullptr;
        return result;
      }();  // the bar's line ends before the summary is printed
      if (!summary) return Fail(summary.error());
      return Report(*summary, req);
    };
  });
}

}  // namespace civharm::cli
