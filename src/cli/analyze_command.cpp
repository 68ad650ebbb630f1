// civharm analyze trends|breakdown|timing|cde|map and civharm report sitrep|public: the figures
// and reports of the analysis API (api/analytics_api.h) from the command line, as the user of
// CIVHARM_TOKEN, over the incidents that user may see. Filters are given as in the API's query
// string with --where ("country=Syria&date_from=2024-01-01"); each analyze command prints the
// API's JSON document, a report is written to --out. The public report needs no user: it shows
// what an approved release publishes and nothing else.
#include <filesystem>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "api/analytics_json.h"
#include "api/list_query.h"
#include "cli/commands.h"
#include "cli/json_output.h"
#include "service/analytics_service.h"
#include "service/public_report.h"
#include "service/sitrep.h"

namespace civharm::cli {
namespace {

using service::AnalyticsService;

struct Common {
  std::string db = kDefaultDb;
  std::string where;  // list filters as a query string
};

// Adds --db and --where to `cmd`.
void AddCommon(CLI::App* cmd, Common& c) {
  cmd->add_option("--db", c.db, "Database file")->capture_default_str();
  cmd->add_option("--where", c.where,
                  "Filters as in the API's query string: date_from, date_to, bbox, country, "
                  "admin1, admin2, admin3, belligerent, status, grade, q, retracted "
                  "(e.g. \"country=Syria&date_from=2024-01-01\")");
}

// Runs `fn(analytics, actor, filters of --where)` for the signed-in user; prints its JSON.
template <typename Fn>
int Run(const Common& c, Fn&& fn) {
  return AsSignedIn(c.db, [&](SignedIn& session) {
    auto filters = api::ParseFilterQuery(c.where, {});
    if (!filters) return Fail(filters.error());
    AnalyticsService analytics(*session.store);
    Result<nlohmann::json> out = fn(analytics, session.actor, *filters);
    if (!out) return Fail(out.error());
    return PrintJson(*out);
  });
}

}  // namespace

void AddAnalyzeCommand(CLI::App& app, Command& command) {
  auto* analyze = app.add_subcommand(
      "analyze", "Trends, breakdowns, lifecycle timing, CDE validation and map clusters");
  analyze->require_subcommand(1);

  {
    struct Options : Common {
      std::string interval, by;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = analyze->add_subcommand(
        "trends", "Incidents and civilian casualties (min, best, max) per period and group");
    AddCommon(cmd, *o);
    cmd->add_option("--interval", o->interval, "day, week, month (default) or year");
    cmd->add_option("--by", o->by,
                    "Up to three dimensions separated by commas: perpetrator, weapon, tactic, "
                    "strike_type, country, admin1, admin2, status, grade");
    cmd->callback([&command, o] {
      command.run = [o] {
        return Run(*o, [&](AnalyticsService& a, const service::Actor& actor,
                               const api::FilterQuery& f) -> Result<nlohmann::json> {
          CIVHARM_ASSIGN_OR_RETURN(auto request, api::ReadTrendRequest(o->interval, o->by));
          CIVHARM_ASSIGN_OR_RETURN(auto trend, a.Trend(actor, f.query, request));
          return api::TrendJson(trend);
        });
      };
    });
  }
  {
    struct Options : Common {
      std::string by;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = analyze->add_subcommand(
        "breakdown", "Incidents and civilian casualties by one dimension, with shares");
    AddCommon(cmd, *o);
    cmd->add_option("--by", o->by,
                    "perpetrator, weapon, tactic, strike_type, country, admin1, admin2, status, "
                    "grade, age_group or sex")
        ->required();
    cmd->callback([&command, o] {
      command.run = [o] {
        return Run(*o, [&](AnalyticsService& a, const service::Actor& actor,
                               const api::FilterQuery& f) -> Result<nlohmann::json> {
          CIVHARM_ASSIGN_OR_RETURN(auto by, api::ReadDimension(o->by));
          CIVHARM_ASSIGN_OR_RETURN(auto breakdown, a.Breakdown(actor, f.query, by));
          return api::BreakdownJson(breakdown);
        });
      };
    });
  }
  {
    auto o = std::make_shared<Common>();
    auto* cmd = analyze->add_subcommand(
        "timing", "Days from report to assessment, investigation, acknowledgment and amends");
    AddCommon(cmd, *o);
    cmd->callback([&command, o] {
      command.run = [o] {
        return Run(*o, [](AnalyticsService& a, const service::Actor& actor,
                              const api::FilterQuery& f) -> Result<nlohmann::json> {
          CIVHARM_ASSIGN_OR_RETURN(auto timing, a.Timing(actor, f.query));
          return api::TimingJson(timing);
        });
      };
    });
  }
  {
    auto o = std::make_shared<Common>();
    auto* cmd = analyze->add_subcommand(
        "cde", "Collateral damage estimates against the civilian harm assessed");
    AddCommon(cmd, *o);
    cmd->callback([&command, o] {
      command.run = [o] {
        return Run(*o, [](AnalyticsService& a, const service::Actor& actor,
                              const api::FilterQuery& f) -> Result<nlohmann::json> {
          CIVHARM_ASSIGN_OR_RETURN(auto v, a.ValidateEstimates(actor, f.query));
          return api::CdeValidationJson(v);
        });
      };
    });
  }
  {
    struct Options : Common {
      std::string zoom, cell, max_points;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = analyze->add_subcommand(
        "map", "Incidents in the --where bbox at a zoom: points when few, else clusters");
    AddCommon(cmd, *o);
    cmd->add_option("--zoom", o->zoom, "0–24 (default 2)");
    cmd->add_option("--cell", o->cell, "Cluster cell in pixels, 8–512 (default 64)");
    cmd->add_option("--max-points", o->max_points, "Points returned one by one (default 500)");
    cmd->callback([&command, o] {
      command.run = [o] {
        return Run(*o, [&](AnalyticsService& a, const service::Actor& actor,
                               const api::FilterQuery& f) -> Result<nlohmann::json> {
          CIVHARM_ASSIGN_OR_RETURN(auto options, api::ReadClusterOptions(f.query, o->zoom, o->cell,
                                                                         o->max_points));
          CIVHARM_ASSIGN_OR_RETURN(auto map, a.Map(actor, f.query, options));
          return api::MapJson(map);
        });
      };
    });
  }
}

namespace {

// --language, --format and --out: what every report command writes, and where.
void AddReportOutput(CLI::App* cmd, std::string& language, std::string& format,
                     std::string& out) {
  cmd->add_option("--language", language, "en, fr or ar")->capture_default_str();
  cmd->add_option("--format", format, "pdf, html or xlsx (the report's tables)")
      ->capture_default_str()
      ->check(CLI::IsMember({"pdf", "html", "xlsx"}));
  cmd->add_option("--out", out, "The file to write")->required();
}

void AddPublicReport(CLI::App* reports, Command& command) {
  struct Options {
    std::string db = kDefaultDb, language = "en", format = "pdf", out;
    int64_t release = 0;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = reports->add_subcommand(
      "public", "The public report of an approved release: what it publishes, for everyone");
  cmd->add_option("--db", o->db, "Database file")->capture_default_str();
  cmd->add_option("--release", o->release, "Its version (default: the latest approved)")
      ->check(CLI::PositiveNumber);
  AddReportOutput(cmd, o->language, o->format, o->out);
  cmd->callback([&command, o] {
    command.run = [o] {
      if (!std::filesystem::exists(o->db)) {
        return Fail(NotFound(fmt::format("there is no database at {}", o->db)));
      }
      auto store = OpenDb(o->db, storage::MigrationPolicy::kCheck);
      if (!store) return Fail(store.error());
      service::ReleaseService releases(**store);
      auto report = service::BuildPublicReport(
          releases, {.version = o->release, .language = o->language});
      if (!report) return Fail(report.error());
      Status s = WriteWholeFile(o->out, [&](std::ostream& out) {
        return service::WriteReport(report->document, report->tables,
                                    *ParseEnum<service::ReportFormat>(o->format), out);
      });
      if (!s.ok()) return Fail(s);
      fmt::print("release {}: {}\n", report->release.version, o->out);
      return 0;
    };
  });
}

}  // namespace

void AddReportCommand(CLI::App& app, Command& command) {
  auto* reports =
      app.add_subcommand("report", "Situation reports and public reports as PDF, HTML or XLSX");
  reports->require_subcommand(1);
  AddPublicReport(reports, command);
  struct Options : Common {
    std::string period = "weekly", day, language = "en", format = "pdf", out;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = reports->add_subcommand(
      "sitrep", "A daily, weekly or monthly situation report over the incidents you may see");
  AddCommon(cmd, *o);
  cmd->add_option("--period", o->period, "daily, weekly (ISO week) or monthly")
      ->capture_default_str()
      ->check(CLI::IsMember({"daily", "weekly", "monthly"}));
  cmd->add_option("--day", o->day, "Any day of the period (YYYY-MM-DD; default today)");
  AddReportOutput(cmd, o->language, o->format, o->out);
  cmd->callback([&command, o] {
    command.run = [o] {
      return AsSignedIn(o->db, [&](SignedIn& session) {
        auto filters = api::ParseFilterQuery(o->where, {});
        if (!filters) return Fail(filters.error());
        service::SitrepRequest request{.period = *ParseEnum<service::SitrepPeriod>(o->period),
                                       .day = Timestamp::Now().date(),
                                       .language = o->language,
                                       .filters = filters->query};
        if (!o->day.empty()) {
          auto d = Date::Parse(o->day);
          if (!d) return Fail(InvalidArgument(d.error().message(), "day"));
          request.day = *d;
        }
        AnalyticsService analytics(*session.store);
        auto sitrep = service::BuildSitrep(analytics, session.actor, request);
        if (!sitrep) return Fail(sitrep.error());
        Status s = WriteWholeFile(o->out, [&](std::ostream& out) {
          return service::WriteSitrep(*sitrep, *ParseEnum<service::ReportFormat>(o->format), out);
        });
        if (!s.ok()) return Fail(s);
        fmt::print("{} to {}: {}\n", sitrep->from.ToString(), sitrep->to.ToString(), o->out);
        return 0;
      });
    };
  });
}

}  // namespace civharm::cli
