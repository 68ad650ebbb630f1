// civharm fusion propose|fuse|split|decide|decisions|cross-reference: fusion on the store, as
// the user of CIVHARM_TOKEN (the same service calls as the API's /api/v1/fusion routes).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "io/csv_writer.h"
#include "linkage/fellegi_sunter.h"
#include "service/cross_reference.h"
#include "service/fusion_service.h"
#include "service/incident_fusion.h"

namespace civharm::cli {
namespace {

using io::internal::AppendCsvRow;

// Which reports: the filters every fusion command shares.
struct Filters {
  std::string country, source_name, from, to;
};

void AddFilters(CLI::App* cmd, Filters& f) {
  cmd->add_option("--country", f.country, "Only reports from this country");
  cmd->add_option("--source-name", f.source_name, "Only reports from this source");
  cmd->add_option("--from", f.from, "Only reports of events on or after this date (YYYY-MM-DD)");
  cmd->add_option("--to", f.to, "Only reports of events on or before this date (YYYY-MM-DD)");
}

Result<storage::Query> QueryOf(const Filters& f) {
  storage::Query q{.country = f.country, .source_name = f.source_name};
  for (const auto& [text, field, target] :
       {std::tuple{&f.from, "from", &q.date_from}, std::tuple{&f.to, "to", &q.date_to}}) {
    if (text->empty()) continue;
    auto d = Date::Parse(*text);
    if (!d) return std::unexpected(InvalidArgument(d.error().message(), field));
    *target = *d;
  }
  if (q.date_from && q.date_to && *q.date_to < *q.date_from) {
    return std::unexpected(InvalidArgument("is before --from", "to"));
  }
  return q;
}

// Writes `text` to `path` whole or not at all: beside it first, renamed when complete.
Status WriteWhole(const std::string& path, const std::string& text) {
  const std::string partial = path + ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    if (!out) return Unavailable(fmt::format("cannot write '{}'", partial));
    out << text;
    out.close();
    if (!out) {
      std::remove(partial.c_str());
      return Unavailable(fmt::format("writing '{}' failed", path));
    }
  }
  std::error_code ec;
  std::filesystem::rename(partial, path, ec);
  if (ec) return Unavailable(fmt::format("cannot create '{}': {}", path, ec.message()));
  return Status::Ok();
}

// The pairs worth a look (linked, or at least service::kWorthALook probable), with their reasons.
std::string PairsCsv(const service::FusionProposal& p) {
  std::string out;
  AppendCsvRow(
      out,
      {"report", "other_report", "probability", "weight", "linked", "same_incident", "reasons"},
      ',');
  const linkage::EventLinkResult& r = p.linkage;
  for (const linkage::ScoredEventPair& pair : r.pairs) {
    if (!pair.linked && pair.probability < service::kWorthALook) continue;
    std::string reasons;
    for (const linkage::Term& t : linkage::Explain(r.fit.model, pair.pattern)) {
      reasons += fmt::format("{}{} {}: {:+.2f}", reasons.empty() ? "" : "; ", t.comparison, t.level,
                             t.weight);
    }
    const bool same =
        !p.incident_of[pair.a].empty() && p.incident_of[pair.a] == p.incident_of[pair.b];
    AppendCsvRow(out,
                 {p.report_ids[pair.a], p.report_ids[pair.b],
                  fmt::format("{:.6f}", pair.probability), fmt::format("{:.4f}", pair.weight),
                  pair.linked ? "yes" : "no", same ? "yes" : "no", reasons},
                 ',');
  }
  return out;
}

std::string ClustersCsv(const service::FusionProposal& p) {
  std::string out;
  AppendCsvRow(out, {"cluster", "report", "incident"}, ',');
  for (size_t i = 0; i < p.report_ids.size(); ++i) {
    AppendCsvRow(out, {std::to_string(p.linkage.clusters[i]), p.report_ids[i], p.incident_of[i]},
                 ',');
  }
  return out;
}

void AddPropose(CLI::App* fusion, Command& command, std::shared_ptr<std::string> db) {
  struct Options {
    Filters filters;
    std::string pairs, clusters;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = fusion->add_subcommand(
      "propose", "Which reports describe one event: scored pairs with reasons, and clusters");
  cmd->add_option("--db", *db, "Database file")->capture_default_str();
  AddFilters(cmd, o->filters);
  cmd->add_option("--pairs", o->pairs, "Write the pairs worth a look here (CSV)")->required();
  cmd->add_option("--clusters", o->clusters, "Write every report's cluster here (CSV)");
  cmd->callback([o, db, &command] {
    command.run = [o, db] {
      auto q = QueryOf(o->filters);
      if (!q) return Fail(q.error());
      return AsSignedIn(*db, [&](SignedIn& session) {
        auto p = service::ProposeFusion(*session.store, session.actor, *q);
        if (!p) return Fail(p.error());
        if (Status s = WriteWhole(o->pairs, PairsCsv(*p)); !s.ok()) return Fail(s);
        if (!o->clusters.empty()) {
          if (Status s = WriteWhole(o->clusters, ClustersCsv(*p)); !s.ok()) return Fail(s);
        }
        std::map<uint32_t, std::set<Id>> incidents;
        std::map<uint32_t, int> sizes;
        for (size_t i = 0; i < p->report_ids.size(); ++i) {
          incidents[p->linkage.clusters[i]].insert(p->incident_of[i]);
          ++sizes[p->linkage.clusters[i]];
        }
        int clusters = 0, to_fuse = 0;
        for (const auto& [c, n] : sizes) {
          if (n < 2) continue;
          ++clusters;
          if (incidents[c].size() > 1) ++to_fuse;
        }
        fmt::print(
            "{} reports; {} candidate pairs; {} clusters of several reports, {} of them "
            "spread over several incidents (to fuse)\n",
            p->report_ids.size(), p->linkage.candidates.pairs.size(), clusters, to_fuse);
        return 0;
      });
    };
  });
}

void AddFuse(CLI::App* fusion, Command& command, std::shared_ptr<std::string> db) {
  auto request = std::make_shared<service::FuseRequest>();
  auto* cmd =
      fusion->add_subcommand("fuse", "Bring reports, or whole incidents, into one incident");
  cmd->add_option("--db", *db, "Database file")->capture_default_str();
  cmd->add_option("--report", request->reports, "A report to bring in (repeat)");
  cmd->add_option("--incident", request->incidents,
                  "An incident whose reports all join (repeat; the first is kept)");
  cmd->add_option("--reason", request->reason, "Why (audited)")->required();
  cmd->callback([request, db, &command] {
    command.run = [request, db] {
      return AsSignedIn(*db, [&](SignedIn& session) {
        auto f = service::FuseReports(*session.store, session.actor, *request);
        if (!f) return Fail(f.error());
        fmt::print("incident {} now has the reports; {} moved, {} incidents retracted into it\n",
                   f->incident.meta.id, f->moved_reports.size(), f->retracted_incidents.size());
        return 0;
      });
    };
  });
}

void AddSplit(CLI::App* fusion, Command& command, std::shared_ptr<std::string> db) {
  auto request = std::make_shared<service::SplitRequest>();
  auto* cmd = fusion->add_subcommand("split", "Move some of an incident's reports to a new one");
  cmd->add_option("--db", *db, "Database file")->capture_default_str();
  cmd->add_option("incident", request->incident, "The incident")->required();
  cmd->add_option("--report", request->reports, "A report to move (repeat)")->required();
  cmd->add_option("--title", request->title, "Title of the new incident");
  cmd->add_option("--reason", request->reason, "Why (audited)")->required();
  cmd->callback([request, db, &command] {
    command.run = [request, db] {
      return AsSignedIn(*db, [&](SignedIn& session) {
        auto s = service::SplitIncident(*session.store, session.actor, *request);
        if (!s) return Fail(s.error());
        fmt::print(
            "new incident {}; {} decisions recorded that its reports describe another event\n",
            s->split_off.meta.id, s->decisions);
        return 0;
      });
    };
  });
}

void AddDecide(CLI::App* fusion, Command& command, std::shared_ptr<std::string> db) {
  struct Options {
    Id a, b;
    std::string verdict, reason;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = fusion->add_subcommand(
      "decide", "Decide that two reports describe different events, or reverse that");
  cmd->add_option("--db", *db, "Database file")->capture_default_str();
  cmd->add_option("report", o->a, "One report")->required();
  cmd->add_option("other_report", o->b, "The other")->required();
  cmd->add_option("--verdict", o->verdict, "different or same")
      ->required()
      ->check(CLI::IsMember({"different", "same"}));
  cmd->add_option("--reason", o->reason, "Why (audited)")->required();
  cmd->callback([o, db, &command] {
    command.run = [o, db] {
      return AsSignedIn(*db, [&](SignedIn& session) {
        auto d = service::DecidePair(*session.store, session.actor, o->a, o->b,
                                     *ParseEnum<Verdict>(o->verdict), o->reason);
        if (!d) return Fail(d.error());
        fmt::print("decided: {} and {} {}\n", d->a, d->b,
                   d->verdict == Verdict::kDifferent ? "describe different events"
                                                     : "may describe the same event");
        return 0;
      });
    };
  });
}

void AddDecisions(CLI::App* fusion, Command& command, std::shared_ptr<std::string> db) {
  auto* cmd = fusion->add_subcommand("decisions", "List the decisions about pairs of reports");
  cmd->add_option("--db", *db, "Database file")->capture_default_str();
  cmd->callback([db, &command] {
    command.run = [db] {
      return AsSignedIn(*db, [&](SignedIn& session) {
        auto all = service::ListDecisions(*session.store, session.actor);
        if (!all) return Fail(all.error());
        for (const LinkDecision& d : *all) {
          fmt::print("{} {} {} by {} at {}: {}\n", d.a, d.b, EnumName(d.verdict), d.decided_by,
                     d.decided_at.ToString(), d.reason);
        }
        return 0;
      });
    };
  });
}

void AddCrossReference(CLI::App* fusion, Command& command, std::shared_ptr<std::string> db) {
  struct Options {
    Filters filters;
    std::string out;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = fusion->add_subcommand("cross-reference",
                                     "Own-force records against external reports, as CSV");
  cmd->add_option("--db", *db, "Database file")->capture_default_str();
  AddFilters(cmd, o->filters);
  cmd->add_option("--out", o->out, "Output file (default: standard output)");
  cmd->callback([o, db, &command] {
    command.run = [o, db] {
      auto q = QueryOf(o->filters);
      if (!q) return Fail(q.error());
      return AsSignedIn(*db, [&](SignedIn& session) {
        auto x = service::CrossReferenceReports(*session.store, session.actor, *q);
        if (!x) return Fail(x.error());
        const std::string csv = service::CrossReferenceCsv(*x);
        if (o->out.empty()) {
          fmt::print("{}", csv);
        } else if (Status s = WriteWhole(o->out, csv); !s.ok()) {
          return Fail(s);
        }
        fmt::print(stderr,
                   "{} external reports match no own-force record; {} own-force records match no "
                   "external report; {} matched\n",
                   x->external_unmatched, x->own_force_unmatched, x->matched);
        return 0;
      });
    };
  });
}

}  // namespace

void AddFusionCommand(CLI::App& app, Command& command) {
  auto* fusion = app.add_subcommand("fusion", "Fuse stored reports into incidents");
  fusion->require_subcommand(1);
  auto db = std::make_shared<std::string>(kDefaultDb);
  AddPropose(fusion, command, db);
  AddFuse(fusion, command, db);
  AddSplit(fusion, command, db);
  AddDecide(fusion, command, db);
  AddDecisions(fusion, command, db);
  AddCrossReference(fusion, command, db);
}

}  // namespace civharm::cli
