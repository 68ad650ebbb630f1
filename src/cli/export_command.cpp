#include <iostream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "service/export_service.h"

namespace civharm::cli {

void AddExportCommand(CLI::App& app, Command& command) {
  auto* cmd =
      app.add_subcommand("export", "Export records as CSV or XLSX (optionally with HXL), JSON or GeoJSON");
  struct Options {
    std::string db = kDefaultDb;
    std::string format;
    std::string entity = "incident";
    std::string out;
    bool hxl = false;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--format", o->format, "csv, json, geojson or xlsx")
      ->required()
      ->check(CLI::IsMember({"csv", "json", "geojson", "xlsx"}));
  cmd->add_option("--entity", o->entity, "Kind of record to export")
      ->capture_default_str()
      ->check(CLI::IsMember({"incident", "report", "victim", "operation"}));
  cmd->add_flag("--hxl", o->hxl, "Add a row of HXL hashtags under the CSV or XLSX header");
  cmd->add_option("--out", o->out, "Output file (default: standard output)");
  cmd->add_option("--db", o->db, "Database file")->capture_default_str();
  cmd->callback([o, &command] {
    command.run = [o] {
      const io::ExportFormat format = *ParseEnum<io::ExportFormat>(o->format);
      if (o->hxl && format != io::ExportFormat::kCsv && format != io::ExportFormat::kXlsx) {
        return Fail(InvalidArgument("HXL hashtags go with --format csv or xlsx", "hxl"));
      }
      auto session = OpenSignedIn(o->db, storage::MigrationPolicy::kCheck);
      if (!session) return Fail(session.error());
      service::ExportRequest req{
          .writer = {.format = format, .entity = *ParseEnum<EntityKind>(o->entity), .hxl = o->hxl}};
      if (o->out.empty()) {
        auto n = service::Export(*session->store, session->actor, req, std::cout);
        std::cout.flush();
        return n ? 0 : Fail(n.error());
      }
      uint64_t written = 0;
      Status s = WriteWholeFile(o->out, [&](std::ostream& out) -> Status {
        auto n = service::Export(*session->store, session->actor, req, out);
        if (!n) return n.error();
        written = *n;
        return Status::Ok();
      });
      if (!s.ok()) return Fail(s);
      fmt::print(stderr, "exported {} {} records to {}\n", written, o->entity, o->out);
      return 0;
    };
  });
}

}  // namespace civharm::cli
