#include "service/demo/cases.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "domain/fused_facts.h"
#include "service/demo/accounts.h"
#include "service/demo/dates.h"
#include "service/demo/rng.h"
#include "service/demo/truth.h"
#include "service/demo/world.h"

namespace civharm::service::demo {
namespace {

using S = AssessmentStatus;

constexpr uint64_t kPlanSalt = 0x5EC0DCA5E5F11E00ULL;  // the plan's stream, apart from the events'
constexpr uint64_t kWalkSalt = 0xCA5EF11E5A1C0DE5ULL;  // each case's stream
constexpr size_t kMinCases = 44, kMaxCases = 300;

// ---------------------------------------------------------------------------------------------
// Which events have a case.

int64_t Highest(const CountRange& r) {
  return r.max.value_or(r.best.value_or(r.min.value_or(0)));
}

bool CivilianHarmReported(const DemoEvent& e) {
  const Harm& h = e.incident.facts.casualties.civilian;
  return Highest(h.killed) > 0 || Highest(h.injured) > 0;
}

// Whole micro-degrees (see the note at the top of service/demo_data.cpp): the same answer on
// every platform.
struct MicroPoint {
  int64_t lat = 0, lon = 0;
};
std::optional<MicroPoint> MicroOf(const Location& l) {
  if (!l.lat || !l.lon) return std::nullopt;
  return MicroPoint{std::llround(*l.lat * 1e6), std::llround(*l.lon * 1e6)};
}

constexpr int kTwinDays = 7;                   // a duplicate's original: within a week …
constexpr int64_t kTwinMicroDegrees = 250000;  // … and about 25 km

// Roughly metres between two points (a degree is about 111 km; good enough to say how near).
int64_t MetresBetween(const MicroPoint& a, const MicroPoint& b) {
  const double dlat = static_cast<double>(a.lat - b.lat), dlon = static_cast<double>(a.lon - b.lon);
  return static_cast<int64_t>(std::sqrt(dlat * dlat + dlon * dlon) * 0.111);
}

// The incident an allegation duplicates: another of the same kind of attack in the same
// country, at most a week and about 25 km away, the nearest (a day counts as 2 km).
std::optional<size_t> TwinOf(const std::vector<DemoEvent>& events, size_t index) {
  const Incident& me = events[index].incident;
  const auto here = MicroOf(me.facts.location);
  if (!here) return std::nullopt;
  const Date day = me.facts.date.start;
  std::optional<size_t> best;
  int64_t best_score = 0;
  for (size_t j = 0; j < events.size(); ++j) {
    if (j == index) continue;
    const Incident& other = events[j].incident;
    const int days = std::abs(other.facts.date.start.days() - day.days());
    if (days > kTwinDays || other.facts.location.country != me.facts.location.country ||
        other.facts.event_subtype != me.facts.event_subtype) {
      continue;
    }
    const auto there = MicroOf(other.facts.location);
    if (!there || std::abs(there->lat - here->lat) > kTwinMicroDegrees ||
        std::abs(there->lon - here->lon) > kTwinMicroDegrees) {
      continue;
    }
    const int64_t score = MetresBetween(*here, *there) + int64_t{2000} * days;
    if (!best || score < best_score) {
      best = j;
      best_score = score;
    }
  }
  return best;
}

struct Quota {
  S status;
  int percent;  // of the cases
  int64_t left = 0;
  int64_t taken = 0;
};

// The status to give the next case among `quotas` (those `fits` allows): one of each first, then
// the one with the most left.
template <typename Fits>
Quota* NextQuota(std::span<Quota> quotas, const Fits& fits) {
  Quota* best = nullptr;
  for (Quota& q : quotas) {
    if (q.left <= 0 || !fits(q.status)) continue;
    if (!best || (q.taken == 0) > (best->taken == 0) ||
        ((q.taken == 0) == (best->taken == 0) && q.left > best->left)) {
      best = &q;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// The words of the case files.

struct Locale {
  std::string_view country;
  std::vector<std::string_view> languages;   // as often as they are spoken among those harmed
  std::vector<std::string_view> currencies;  // besides USD
};

const Locale& LocaleOf(const std::string& country) {
  static const std::vector<Locale> kLocales = {
      {"Northern Sarvia", {"ar", "ar", "ar", "ku"}, {"IQD", "SYP"}},
      {"Republic of Velmora", {"fr", "fr", "ha", "en"}, {"XOF"}},
      {"Kivara", {"fr", "sw", "en"}, {}},
  };
  for (const Locale& l : kLocales) {
    if (l.country == country) return l;
  }
  static const Locale kElsewhere = {"", {"en"}, {}};
  return kElsewhere;
}

// Local currency per US dollar, and the step amounts are rounded to.
struct Rate {
  std::string_view currency;
  int64_t per_dollar;
  int64_t step;
};
constexpr std::array<Rate, 4> kRates = {
    {{"USD", 1, 50}, {"IQD", 1310, 50000}, {"SYP", 13000, 500000}, {"XOF", 600, 25000}}};

Money AmountIn(std::string_view currency, int64_t dollars) {
  for (const Rate& r : kRates) {
    if (r.currency != currency) continue;
    const int64_t local = dollars * r.per_dollar;
    const int64_t rounded = std::max(r.step, (local + r.step / 2) / r.step * r.step);
    return Money{.thousandths = rounded * 1000, .currency = std::string(currency)};
  }
  return Money{.thousandths = dollars * 1000, .currency = "USD"};
}

const Theatre* TheatreOf(const std::string& country) {
  for (const Theatre& t : Theatres()) {
    if (t.country == country) return &t;
  }
  return nullptr;
}

std::string PeopleText(int64_t n, std::string_view one, std::string_view many) {
  return n == 1 ? fmt::format("one {}", one) : fmt::format("{} {}", n, many);
}

std::string ConcededText(const CountRange& r) {
  if (r.empty()) return "an unknown number of";
  return RangeText(r);
}

// ---------------------------------------------------------------------------------------------
// One case, walked.

class Walk {
 public:
  Walk(CaseService& service, const DemoData& data, const std::vector<StoredEvent>& stored,
       size_t index, uint64_t seed, Date today)
      : service_(service),
        data_(data),
        stored_(stored),
        index_(index),
        e_(data.events[index]),
        s_(stored[index]),
        op_(e_.operation ? &data.operations[*e_.operation] : nullptr),
        theatre_(TheatreOf(e_.incident.facts.location.country)),
        locale_(LocaleOf(e_.incident.facts.location.country)),
        rng_(EventRng(seed ^ kWalkSalt, index)),
        today_(today) {
    arrival_ = std::min(today_, e_.reports.front().received_at->date());
    last_report_ = std::min(today_, e_.reports.back().received_at->date());
    cursor_ = arrival_;
  }

  Status To(S target) {
    // Open cases: some were taken up lately, and are within their stage's deadline today.
    recent_ = StageOf(target).has_value() && rng_.Percent(40);
    switch (target) {
      case S::kUnassessed:
        return Status::Ok();
      case S::kAssessing:
        if (CanFindEarly() && rng_.Percent(25)) {
          CIVHARM_RETURN_IF_ERROR(
              Assess(rng_.Percent(60) ? Finding::kNotCredible : Finding::kInsufficientInfo,
                     /*early=*/true));
          CIVHARM_RETURN_IF_ERROR(Reopen());
        }
        Recent(Stage::kAssessment);
        return StartAssessment();
      case S::kNotCredible:
        return Assess(Finding::kNotCredible, CanFindEarly() && rng_.Percent(35));
      case S::kInsufficientInfo:
        return Assess(Finding::kInsufficientInfo, CanFindEarly() && rng_.Percent(35));
      case S::kDuplicate:
        return Assess(Finding::kDuplicate, false);
      case S::kReopened:
        if (e_.operation && CivilianHarmReported(e_) && rng_.Percent(45)) {
          CIVHARM_RETURN_IF_ERROR(Credible(S::kClosed));
        } else {
          CIVHARM_RETURN_IF_ERROR(
              Assess(rng_.Percent(60) ? Finding::kNotCredible : Finding::kInsufficientInfo,
                     CanFindEarly()));
        }
        Recent(Stage::kAssessment);
        return Reopen();
      case S::kCredible:
      case S::kInvestigating:
      case S::kInvestigated:
      case S::kResponding:
      case S::kClosed:
        return Credible(target);
    }
    return Status::Ok();
  }

  S status() const { return status_; }

 private:
  // ---- dates

  // The next day of the case: `lo`–`hi` days after the last, never after today.
  // Or, after Recent(), the day it chose.
  Date Later(int lo, int hi) {
    const int gap = static_cast<int>(rng_.Int(lo, hi));  // drawn either way: the stream does
                                                         // not depend on today
    if (recent_day_) {
      cursor_ = std::max(cursor_, *recent_day_);
      recent_day_.reset();
    } else {
      cursor_ = std::min(today_, cursor_.AddDays(gap));
    }
    return cursor_;
  }
  // A day `lo`–`hi` days after `from`, never after today (for a record's own history).
  Date After(Date from, int lo, int hi) {
    return std::min(today_, from.AddDays(static_cast<int>(rng_.Int(lo, hi))));
  }
  // A case taken up lately: the next step, which begins the stage the case stays in, falls
  // within the stage's deadline today.
  void Recent(Stage stage) {
    if (!recent_) return;
    const int days = service_.deadlines().DaysFor(stage);
    const int ago = static_cast<int>(rng_.Int(1, std::max(1, days - 5)));
    recent_day_ = today_.AddDays(-ago);
  }

  // Whether a finding can be made before the event's last reports arrive.
  bool CanFindEarly() const {
    return e_.reports.size() >= 2 && last_report_.days() - arrival_.days() >= 8;
  }

  // ---- words

  std::string Place() const {
    const Location& l = e_.incident.facts.location;
    return l.place_names.empty() ? l.admin1 : l.place_names.front().name;
  }
  std::string When() const { return SpanText(e_.incident.facts.date); }
  std::string Enemy() const {
    return theatre_ && !theatre_->own_force_enemy.empty() ? std::string(theatre_->own_force_enemy)
                                                          : std::string("the armed group");
  }
  std::string Ngo() {
    std::vector<std::string_view> ngos;
    if (theatre_) {
      for (const Source& s : theatre_->sources) {
        if (s.type == SourceType::kNgo) ngos.push_back(s.name);
      }
    }
    return ngos.empty() ? std::string("a local organisation") : std::string(rng_.Pick(ngos));
  }
  std::string Unit() const { return op_ ? op_->unit : std::string(kOwnForce); }
  std::string OperationText() const {
    return op_ ? fmt::format("{} ({})", op_->reference, op_->name) : std::string("the strike");
  }
  // What was damaged, as accounts name it: "houses", "a school", "the market".
  std::string ObjectText() const {
    const auto& objects = e_.incident.facts.civilian_objects;
    if (objects.empty() || !theatre_) return "the houses nearby";
    return std::string(ObjectNoun(objects.front().kind, *theatre_));
  }

  // ---- steps

  Status Take(CaseStep step, Date on, std::string note = {},
              std::optional<Assessment> assessment = std::nullopt,
              std::optional<Investigation> investigation = std::nullopt) {
    auto file = service_.Step(actor_, s_.incident_id,
                              {.step = step,
                               .expected_status = status_,
                               .on = on,
                               .note = std::move(note),
                               .assessment = std::move(assessment),
                               .investigation = std::move(investigation)});
    if (!file) {
      Status error = file.error();
      error.Prepend(fmt::format("demo case of incident {} ('{}'), {} on {}", s_.incident_id,
                                e_.incident.title, EnumName(step), on.ToString()));
      return error;
    }
    status_ = file->incident.status;
    if (!file->investigations.empty()) investigation_ = file->investigations.back();
    return Status::Ok();
  }

  Status StartAssessment() {
    // The assessor takes the case some days after it arrives (or is reopened).
    return Take(CaseStep::kStartAssessment, Later(1, 25));
  }

  // Takes the case and records a finding. An early finding is made within a week of the first
  // report, before the last ones arrive: they show as new information in the review queue.
  Status Assess(Finding finding, bool early) {
    early = early && CanFindEarly();
    if (early) {
      CIVHARM_RETURN_IF_ERROR(Take(CaseStep::kStartAssessment, Later(0, 3)));
      const Date on = std::min(Later(1, 4), last_report_.AddDays(-1));
      return RecordFinding(finding, on);
    }
    CIVHARM_RETURN_IF_ERROR(StartAssessment());
    cursor_ = std::max(cursor_, last_report_);
    return RecordFinding(finding, Later(5, 50));
  }

  Status RecordFinding(Finding finding, Date on) {
    Assessment a;
    a.finding = finding;
    a.standard = EvidenceStandard::kMoreLikelyThanNot;
    size_t considered = 0;
    for (size_t i = 0; i < e_.reports.size(); ++i) {
      if (e_.reports[i].received_at->date() > on) continue;
      a.reports_considered.push_back(s_.report_ids[i]);
      ++considered;
    }
    finding_on_ = on;
    if (s_.operation_id) a.operations_considered.push_back(*s_.operation_id);
    const std::string sources = considered == 1
                                    ? std::string("the one report received by then")
                                    : fmt::format("the {} reports received by then", considered);
    switch (finding) {
      case Finding::kCredible:
        FillCredible(a, sources);
        break;
      case Finding::kNotCredible:
        FillNotCredible(a, sources);
        break;
      case Finding::kInsufficientInfo:
        a.other_sources.push_back("own-force strike and patrol logs of the area for the period");
        a.reasoning = fmt::format(
            "Too little to go on in {}: the event is placed {} near {}, no more precisely than "
            "{}, and nobody saw aircraft or troops of the force. No own-force strike or "
            "engagement could be matched to it or excluded, and no other source corroborates it. "
            "To be reassessed if more information arrives.",
            sources, When(), Place(),
            e_.incident.facts.location.admin2.empty() ? e_.incident.facts.location.admin1
                                                      : e_.incident.facts.location.admin2);
        break;
      case Finding::kDuplicate: {
        const auto twin = TwinOf(data_.events, index_);
        if (!twin) {
          return Status(ErrorCode::kInternal,
                        fmt::format("demo case {}: no incident near it to duplicate", index_));
        }
        const Incident& other = data_.events[*twin].incident;
        a.duplicate_of = stored_[*twin].incident_id;
        const auto here = MicroOf(e_.incident.facts.location);
        const auto there = MicroOf(other.facts.location);
        const int64_t km = here && there ? MetresBetween(*here, *there) / 1000 : 0;
        const int days =
            std::abs(other.facts.date.start.days() - e_.incident.facts.date.start.days());
        a.reasoning = fmt::format(
            "Same event as the incident '{}' ({}), {}: the same kind of attack, {}, and casualty "
            "figures that overlap; the dates differ no more than the sources' dates do. {} to be "
            "linked to that incident.",
            other.title, SpanText(other.facts.date),
            km == 0 ? std::string("at the same place") : fmt::format("about {} km away", km),
            days == 0 ? std::string("the same day")
                      : fmt::format("{} day{} apart", days, days == 1 ? "" : "s"),
            considered == 1 ? "The report is" : "The reports are");
        break;
      }
    }
    return Take(CaseStep::kRecordFinding, on, {}, std::move(a));
  }

  // The civilian harm conceded: within what the incident's reports say, fused.
  CountRange Conceded(const CountRange& reported) {
    if (reported.empty()) return {};
    const int64_t lo = reported.min ? *reported.min : reported.best ? *reported.best : 0;
    const int64_t hi = std::max(lo, reported.max ? *reported.max : reported.best.value_or(lo));
    const int64_t mid = std::clamp(reported.best.value_or(lo), lo, hi);
    const int64_t from = rng_.Int(lo, mid), to = rng_.Int(mid, hi);
    if (from == to) return CountRange::Exactly(from);
    return {from, std::nullopt, to};
  }

  void FillCredible(Assessment& a, const std::string& sources) {
    const Harm& harm = e_.incident.facts.casualties.civilian;
    a.civilians_killed = Conceded(harm.killed);
    a.civilians_injured = Conceded(harm.injured);
    if (a.civilians_killed.empty() && a.civilians_injured.empty()) {
      a.civilians_injured = CountRange::Exactly(1);
    }
    static constexpr std::array<std::string_view, 5> kOther = {
        "full-motion video of the strike", "the strike cell's chat log",
        "commercial satellite imagery before and after", "hospital admission records",
        "photographs of the site shared by local journalists"};
    a.other_sources.push_back(std::string(rng_.Pick(kOther)));
    if (rng_.Percent(50)) a.other_sources.push_back(std::string(rng_.Pick(kOther)));
    std::sort(a.other_sources.begin(), a.other_sources.end());
    a.other_sources.erase(std::unique(a.other_sources.begin(), a.other_sources.end()),
                          a.other_sources.end());
    conceded_killed_ = a.civilians_killed;
    conceded_injured_ = a.civilians_injured;
    a.reasoning = fmt::format(
        "The force's own records place {} by {} at {} {}; according to {}, civilians were "
        "harmed there. More likely than not the strike killed {} and injured {} civilians.",
        OperationText(), Unit(), Place(), When(), sources, ConcededText(a.civilians_killed),
        ConcededText(a.civilians_injured));
  }

  void FillNotCredible(Assessment& a, const std::string& sources) {
    const auto& parties = e_.incident.facts.belligerents;
    const std::string blamed = parties.empty() ? std::string() : parties.front().name;
    if (op_) {
      // The force struck, but found no civilians among those harmed.
      a.not_credible_reason = NotCredibleReason::kNoCivilianHarm;
      a.other_sources.push_back("full-motion video of the strike");
      a.reasoning = fmt::format(
          "The force struck {} at {} {} ({}). The strike video and the battle damage "
          "assessment show armed men at the target; the force concluded that those killed were "
          "fighters of the {}, not civilians. No name or age in {} contradicts this.",
          op_->target, Place(), When(), OperationText(), Enemy(), sources);
      return;
    }
    a.other_sources.push_back("own-force strike and patrol logs of the area for the period");
    if (!theatre_ || theatre_->own_arms.empty()) {
      a.not_credible_reason =
          rng_.Percent(70) ? NotCredibleReason::kNoOwnForceActivity : NotCredibleReason::kOther;
      a.reasoning = fmt::format(
          "The force does not operate in {}: no own-force unit, aircraft or drone was within "
          "reach of {} {}. According to {}, the attack was carried out by {}.",
          e_.incident.facts.location.country, Place(), When(), sources,
          blamed.empty() ? std::string("another party") : blamed);
      return;
    }
    if (e_.reports.size() == 1 && rng_.Percent(40)) {
      a.not_credible_reason = NotCredibleReason::kEventNotCorroborated;
      a.reasoning = fmt::format(
          "A single account ({}); no other source, no imagery and no log corroborates an event "
          "at {} {}.",
          EnumName(e_.reports.front().source_type), Place(), When());
      return;
    }
    if (!blamed.empty() && blamed != kOwnForce) {
      a.not_credible_reason = NotCredibleReason::kOtherPartyResponsible;
      a.reasoning = fmt::format(
          "No own-force strike or engagement near {} {}; according to {}, the attack was carried "
          "out by {}, whose means it matches.",
          Place(), When(), sources, blamed);
      return;
    }
    a.not_credible_reason = NotCredibleReason::kNoOwnForceActivity;
    a.reasoning = fmt::format(
        "The strike logs show no own-force activity within 20 km of {} on the days around {}; "
        "the nearest own-force strike was elsewhere. The Coalition is named in {}, but no "
        "source saw aircraft of the force.",
        Place(), DateText(e_.incident.facts.date.start), sources);
  }

  // Reports received after the last finding, and who sent them.
  std::pair<size_t, std::string> NewReports() const {
    size_t n = 0;
    std::string who;
    for (const Report& r : e_.reports) {
      if (!finding_on_ || r.received_at->date() <= *finding_on_) continue;
      if (n++ > 0) who += ", ";
      who += r.source_name;
    }
    return {n, who};
  }

  Status Reopen() {
    const auto news = NewReports();
    std::string note;
    if (status_ == S::kClosed) {
      static constexpr std::array<std::string_view, 3> kAfterClosing = {
          "The family reported that a relative injured in the strike has since died of his "
          "injuries; hospital records received. Reopened to reassess the harm conceded.",
          "New information: {}'s review of the site found the remains of a further victim. "
          "Reopened to reassess the harm conceded and the response.",
          "Review by the civilian harm cell: the payment was made to one family only, the "
          "neighbours' losses were not assessed. Reopened."};
      note = fmt::format(fmt::runtime(rng_.Pick(kAfterClosing)), Ngo());
      cursor_ = std::max(cursor_, last_report_);
      return Take(CaseStep::kReopen, Later(30, 200), std::move(note));
    }
    if (news.first > 0) {
      note = fmt::format(
          "{} received after the finding ({}), with details the first assessment did not "
          "have. Reopened to reassess.",
          news.first == 1 ? std::string("A new report") : fmt::format("{} new reports", news.first),
          news.second);
    } else {
      note = fmt::format(
          "Review requested by {}: the strike video of the period was not examined at the first "
          "assessment. Reopened to reassess.",
          Ngo());
    }
    cursor_ = std::max(cursor_, last_report_);
    return Take(CaseStep::kReopen, Later(2, 40), std::move(note));
  }

  // ---- the credible path

  Status Credible(S target) {
    // Now and then, a first look found too little, and the reports that came later made the
    // case.
    if (CanFindEarly() && rng_.Percent(12)) {
      CIVHARM_RETURN_IF_ERROR(Assess(Finding::kInsufficientInfo, /*early=*/true));
      CIVHARM_RETURN_IF_ERROR(Reopen());
    }
    CIVHARM_RETURN_IF_ERROR(StartAssessment());
    cursor_ = std::max(cursor_, last_report_);
    if (target == S::kCredible) Recent(Stage::kResponse);
    CIVHARM_RETURN_IF_ERROR(RecordFinding(Finding::kCredible, Later(5, 60)));
    if (rng_.Percent(35)) {
      CIVHARM_RETURN_IF_ERROR(AddResponse(ResponseKind::kAcknowledgment, /*is_public=*/true,
                                          ResponseStatus::kDelivered, Later(2, 20)));
      acknowledged_ = true;
    }
    if (target == S::kCredible) return Status::Ok();

    const bool investigate =
        target == S::kInvestigating || target == S::kInvestigated || rng_.Percent(60);
    if (investigate) {
      if (target == S::kInvestigating) Recent(Stage::kInvestigation);
      CIVHARM_RETURN_IF_ERROR(OpenInvestigation());
      const bool complete = target != S::kInvestigating;
      if (complete || rng_.Percent(60)) CIVHARM_RETURN_IF_ERROR(RecordInquiries(complete));
      if (!complete) return Status::Ok();
      if (target == S::kInvestigated) Recent(Stage::kResponse);
      CIVHARM_RETURN_IF_ERROR(CompleteInvestigation());
      CIVHARM_RETURN_IF_ERROR(AddLessons());
      if (target == S::kInvestigated) return Status::Ok();
    }
    if (target == S::kResponding) Recent(Stage::kResponse);
    CIVHARM_RETURN_IF_ERROR(Take(CaseStep::kStartResponse, Later(3, 40)));
    CIVHARM_RETURN_IF_ERROR(Consult());
    CIVHARM_RETURN_IF_ERROR(Respond(target == S::kClosed));
    if (target != S::kClosed) return Status::Ok();
    return Take(CaseStep::kClose, Later(3, 30),
                "Every response resolved; the outcome was explained to the family.");
  }

  Status OpenInvestigation() {
    Investigation inv;
    if (rng_.Percent(20)) {
      static constexpr std::array<std::string_view, 3> kAuthorities = {
          "Coalition Military Prosecutor's Office",
          "Service Police Criminal Investigation Bureau of the contributing nation",
          "Office of the Judge Advocate General, criminal division"};
      inv.kind = InvestigationKind::kCriminalReferral;
      inv.authority = std::string(rng_.Pick(kAuthorities));
      inv.led_by_unit_chain_of_command = false;
    } else {
      inv.kind = InvestigationKind::kAdministrative;
      switch (rng_.Weighted({30, 55, 15})) {
        case 0:
          inv.authority =
              fmt::format("investigating officer appointed by the commander of {}", Unit());
          inv.led_by_unit_chain_of_command = true;
          break;
        case 1:
          inv.authority = "CTF Meridian Inspector General";
          inv.led_by_unit_chain_of_command = false;
          break;
        default:
          inv.authority = "CTF Meridian Civilian Harm Assessment Cell";
          break;
      }
    }
    if (op_) {
      inv.sources_consulted = {
          fmt::format("mission report and strike video of {}", op_->reference),
          fmt::format("collateral damage estimate of {} ({})", op_->reference, op_->cde.level)};
    }
    return Take(CaseStep::kOpenInvestigation, Later(5, 45),
                fmt::format("{} investigation opened", EnumName(inv.kind)), std::nullopt,
                std::move(inv));
  }

  // Witness interviews and a site visit, recorded as the investigation goes; every one when it
  // is to be completed, only some otherwise.
  Status RecordInquiries(bool all) {
    Investigation inv = *investigation_;
    const int64_t version = inv.meta.version;
    static constexpr std::array<std::string_view, 3> kNoWitness = {
        "The witnesses could not be traced: the families have left the area.",
        "The family declined to be interviewed.",
        "The witnesses live in an area held by the {}; no safe contact could be arranged."};
    const int interviews = static_cast<int>(rng_.Int(1, 2));
    for (int i = 0; i < interviews; ++i) {
      Inquiry q{.kind = InquiryKind::kWitnessInterview, .on = Later(3, 30)};
      switch (rng_.Weighted({50, 30, 20})) {
        case 0:
          q.outcome = InquiryOutcome::kDone;
          q.summary = fmt::format(
              "Interviewed in {} two residents who saw the strike and a relative of those "
              "harmed.",
              Place());
          break;
        case 1:
          q.outcome = InquiryOutcome::kRemote;
          q.summary =
              "Interviewed by telephone, through an interpreter, a neighbour and the head of the "
              "local council.";
          break;
        default:
          q.outcome = InquiryOutcome::kNotPossible;
          q.reason = fmt::format(fmt::runtime(rng_.Pick(kNoWitness)), Enemy());
          break;
      }
      inv.inquiries.push_back(std::move(q));
    }
    inv.witness_details =
        "Residents of the neighbourhood and a relative of those harmed, met through the local "
        "council; contact details held by the civilian harm cell.";
    inv.sources_consulted.push_back(fmt::format("account of {}", e_.reports.front().source_name));
    if (all || rng_.Percent(50)) {
      Inquiry visit{.kind = InquiryKind::kSiteVisit, .on = Later(5, 40)};
      switch (rng_.Weighted({35, 35, 30})) {
        case 0:
          visit.outcome = InquiryOutcome::kDone;
          visit.summary = fmt::format(
              "Visited the site with the local council: {} damaged; fragments of the "
              "munition collected.",
              ObjectText());
          break;
        case 1:
          visit.outcome = InquiryOutcome::kRemote;
          visit.summary = fmt::format(
              "Assessed from commercial satellite imagery before and after the strike and from "
              "photographs taken by {}.",
              Ngo());
          break;
        default:
          visit.outcome = InquiryOutcome::kNotPossible;
          visit.reason = rng_.Percent(50)
                             ? fmt::format("The site is in an area held by the {}.", Enemy())
                             : std::string(
                                   "Security conditions did not allow a visit before the "
                                   "site was cleared.");
          break;
      }
      inv.inquiries.push_back(std::move(visit));
    }
    auto saved = service_.UpdateInvestigation(actor_, std::move(inv), version);
    if (!saved) return Refused("recording inquiries", saved.error());
    investigation_ = *saved;
    return Status::Ok();
  }

  Status CompleteInvestigation() {
    Investigation done = *investigation_;
    static constexpr std::array kCauses = {CauseKind::kTargetMisidentification,
                                           CauseKind::kConfirmationBias,
                                           CauseKind::kCdeError,
                                           CauseKind::kWeaponMalfunction,
                                           CauseKind::kPatternOfLifeGap,
                                           CauseKind::kPartnerForceAction,
                                           CauseKind::kOther};
    const size_t first = rng_.Weighted({25, 10, 20, 8, 22, 8, 7});
    done.causes = {CauseOf(kCauses[first])};
    if (rng_.Percent(35)) {
      const size_t second = rng_.Weighted({25, 10, 20, 8, 22, 8, 7});
      if (second != first) done.causes.push_back(CauseOf(kCauses[second]));
    }
    std::string findings =
        fmt::format("The investigation found that {} at {} {} killed {} and injured {} civilians.",
                    OperationText(), Place(), When(), ConcededText(conceded_killed_),
                    ConcededText(conceded_injured_));
    for (const Cause& c : done.causes) findings += " " + CauseFinding(c);
    done.findings = std::move(findings);
    return Take(CaseStep::kCompleteInvestigation, Later(20, 120), "investigation completed",
                std::nullopt, std::move(done));
  }

  Cause CauseOf(CauseKind kind) {
    Cause c{.kind = kind};
    if (kind == CauseKind::kOther) {
      c.detail = rng_.Percent(50)
                     ? "The ground liaison's warning that families were present did not reach the "
                       "strike cell: the radio relay failed."
                     : "The no-strike list had not been updated with the clinic that opened in "
                       "the building.";
    }
    return c;
  }

  std::string CauseFinding(const Cause& c) const {
    switch (c.kind) {
      case CauseKind::kTargetMisidentification:
        return fmt::format("The people at the site were taken for {} fighters ({}).", Enemy(),
                           op_ ? op_->target : std::string("the intended target"));
      case CauseKind::kConfirmationBias:
        return "Reports that civilians were present were discounted because they did not fit the "
               "expected picture of the target.";
      case CauseKind::kCdeError:
        return fmt::format(
            "The collateral damage estimate ({}) did not count the families sheltering in the "
            "neighbouring buildings.",
            op_ ? op_->cde.level : std::string("made before the strike"));
      case CauseKind::kWeaponMalfunction:
        return "The munition's guidance failed and it struck away from the aim point.";
      case CauseKind::kPatternOfLifeGap:
        return "Pattern of life was observed for too short a time, and not at the hours when the "
               "families were at home.";
      case CauseKind::kPartnerForceAction:
        return "The target was nominated by a partner force on information it did not share; "
               "its assurance that no civilians were present was not checked.";
      case CauseKind::kOther:
        return c.detail;
    }
    return c.detail;
  }

  Status AddLessons() {
    const Investigation& inv = *investigation_;
    const int count = std::min(static_cast<int>(inv.causes.size()),
                               static_cast<int>(rng_.Weighted({15, 65, 20})));
    Date from = cursor_;
    for (int i = 0; i < count; ++i) {
      const Cause& cause = inv.causes[static_cast<size_t>(i)];
      Lesson lesson{.cause = cause};
      Recommend(cause.kind, lesson);
      const Date proposed = After(from, 0, 20);
      lesson.due = proposed.AddDays(static_cast<int>(rng_.Int(60, 270)));
      lesson.history = {{.status = LessonStatus::kProposed, .on = proposed}};
      lesson.meta.incident_id = s_.incident_id;
      auto saved = service_.AddLesson(actor_, std::move(lesson));
      if (!saved) return Refused("adding a lesson", saved.error());
      Lesson current = std::move(*saved);
      Date on = proposed;
      const size_t fate = rng_.Weighted({20, 30, 35, 15});  // proposed, accepted, implemented,
                                                            // rejected
      std::vector<LessonChange> changes;
      if (fate == 1 || fate == 2) {
        on = After(on, 10, 60);
        changes.push_back({.status = LessonStatus::kAccepted, .on = on});
      }
      if (fate == 2) {
        on = After(on, 30, 300);
        changes.push_back({.status = LessonStatus::kImplemented, .on = on});
      }
      if (fate == 3) {
        static constexpr std::array<std::string_view, 2> kWhy = {
            "Rejected by the targeting board: the current rules of engagement already require it.",
            "Rejected: the means for it are not available in the theatre this year; to be "
            "reconsidered at the annual review."};
        on = After(on, 10, 90);
        changes.push_back(
            {.status = LessonStatus::kRejected, .on = on, .note = std::string(rng_.Pick(kWhy))});
      }
      for (LessonChange& change : changes) {
        auto next = service_.ChangeLessonStatus(actor_, current.meta.id, std::move(change),
                                                current.meta.version);
        if (!next) return Refused("changing a lesson's status", next.error());
        current = std::move(*next);
      }
    }
    return Status::Ok();
  }

  void Recommend(CauseKind kind, Lesson& lesson) const {
    switch (kind) {
      case CauseKind::kTargetMisidentification:
        lesson.recommendation =
            "Require positive identification from two independent sources before dynamic "
            "strikes near inhabited buildings.";
        lesson.owner = "CTF Meridian Joint Targeting Cell";
        return;
      case CauseKind::kConfirmationBias:
        lesson.recommendation =
            "Give one analyst of every dynamic strike the task of challenging the "
            "identification of the target.";
        lesson.owner = "CTF Meridian Intelligence Directorate (J2)";
        return;
      case CauseKind::kCdeError:
        lesson.recommendation =
            "Count people sheltering in neighbouring buildings at night in collateral damage "
            "estimates for residential areas.";
        lesson.owner = "CTF Meridian Collateral Damage Estimation Cell";
        return;
      case CauseKind::kWeaponMalfunction:
        lesson.recommendation =
            "Inspect the lot of munitions used and report the guidance failure to the "
            "manufacturer.";
        lesson.owner = "Coalition Air Component, Munitions Branch";
        return;
      case CauseKind::kPatternOfLifeGap:
        lesson.recommendation =
            "Observe pattern of life for at least 24 hours, night hours included, before "
            "deliberate strikes in residential areas.";
        lesson.owner = Unit();
        return;
      case CauseKind::kPartnerForceAction:
        lesson.recommendation =
            "Verify partner force target nominations independently before striking, and share "
            "civilian harm findings with the partner.";
        lesson.owner = "CTF Meridian Partner Force Advisory Group";
        return;
      case CauseKind::kOther:
        lesson.recommendation =
            "Train strike cell and ground liaison staff on the fallback procedure for warnings "
            "of civilian presence; review the no-strike list monthly.";
        lesson.owner = "CTF Meridian Training Directorate";
        return;
    }
  }

  // ---- consultations and responses

  Status Consult() {
    const int meetings = rng_.Percent(25) ? 2 : 1;
    Date held = cursor_;
    for (int i = 0; i < meetings; ++i) {
      Consultation c;
      c.meta.incident_id = s_.incident_id;
      held = After(held, 3, 30);
      c.held_on = held;
      c.mode = static_cast<ConsultationMode>(rng_.Weighted({50, 25, 5, 20}));
      c.language = std::string(rng_.Pick(locale_.languages));
      static constexpr std::array<std::string_view, 4> kMetBy = {
          "CTF Meridian civilian harm liaison officer, with an interpreter",
          "CTF Meridian Civilian Harm Response Cell",
          "the CTF Meridian legal adviser and a liaison officer",
          "a female engagement team of CTF Meridian"};
      c.met_by = c.mode == ConsultationMode::kThroughIntermediary
                     ? fmt::format("CTF Meridian Civilian Harm Response Cell, through {}", Ngo())
                     : std::string(rng_.Pick(kMetBy));
      static constexpr std::array<std::string_view, 4> kParticipants = {
          "the family of the deceased: the father, the mother and an uncle",
          "the injured and their relatives", "the head of the household and two of his sons",
          "elders of the village and the families of those harmed"};
      c.participants = std::string(rng_.Pick(kParticipants));
      c.preferred_responses = {ResponseKind::kApology};
      if (Highest(conceded_killed_) > 0) {
        c.preferred_responses.push_back(ResponseKind::kCondolencePayment);
      }
      if (Highest(conceded_injured_) > 0) {
        c.preferred_responses.push_back(ResponseKind::kMedicalAssistance);
      }
      if (rng_.Percent(40)) c.preferred_responses.push_back(ResponseKind::kLivelihoodAssistance);
      if (!e_.incident.facts.civilian_objects.empty() && rng_.Percent(50)) {
        c.preferred_responses.push_back(ResponseKind::kInfrastructureRestoration);
      }
      static constexpr std::array<std::string_view, 3> kPreferences = {
          "They asked for a public acknowledgment that those killed were civilians, with no link "
          "to the {}, and for help to rebuild.",
          "They want an apology in person and to know why their home was struck; money matters "
          "less to them than the truth.",
          "They asked for medical care for the injured and for support while the breadwinner "
          "cannot work."};
      c.preferences = fmt::format(fmt::runtime(rng_.Pick(kPreferences)), Enemy());
      auto saved = service_.AddConsultation(actor_, std::move(c));
      if (!saved) return Refused("adding a consultation", saved.error());
    }
    cursor_ = std::max(cursor_, held);
    return Status::Ok();
  }

  Status Refused(std::string_view what, Status error) const {
    error.Prepend(fmt::format("demo case of incident {}: {}", s_.incident_id, what));
    return error;
  }

  // The victims of the event killed as civilians, for the responses that name them.
  std::vector<Id> KilledVictims() const {
    std::vector<Id> ids;
    for (size_t i = 0; i < e_.victims.size() && i < s_.victim_ids.size(); ++i) {
      const Victim& v = e_.victims[i];
      if (v.status == CasualtyStatus::kCivilian && v.outcome == VictimOutcome::kKilled) {
        ids.push_back(s_.victim_ids[i]);
      }
    }
    return ids;
  }

  std::string Currency() {
    if (locale_.currencies.empty() || rng_.Percent(45)) return "USD";
    return std::string(rng_.Pick(locale_.currencies));
  }

  // The responses of a case being responded to; when it is to close, every one resolved.
  Status Respond(bool close) {
    const int64_t killed = Highest(conceded_killed_), injured = Highest(conceded_injured_);
    if (!acknowledged_) {
      const bool is_public = rng_.Percent(50);
      CIVHARM_RETURN_IF_ERROR(AddResponse(ResponseKind::kAcknowledgment, is_public,
                                          Fate(close, ResponseKind::kAcknowledgment, is_public),
                                          cursor_));
    }
    if (rng_.Percent(45)) {
      const bool is_public = rng_.Percent(30);
      CIVHARM_RETURN_IF_ERROR(AddResponse(ResponseKind::kApology, is_public,
                                          Fate(close, ResponseKind::kApology, is_public), cursor_));
    }
    if (killed > 0) {
      const std::string currency = Currency();
      const int64_t per_death = rng_.Int(4, 20) * 250;  // 1,000–5,000 dollars
      const std::vector<Id> victims = KilledVictims();
      if (killed >= 3 && rng_.Percent(50)) {
        const int64_t first = rng_.Int(1, killed - 1);
        CIVHARM_RETURN_IF_ERROR(AddPayment(ResponseKind::kCondolencePayment,
                                           AmountIn(currency, per_death * first), first, {},
                                           close));
        CIVHARM_RETURN_IF_ERROR(AddPayment(ResponseKind::kCondolencePayment,
                                           AmountIn(currency, per_death * (killed - first)),
                                           killed - first, {}, close));
      } else {
        CIVHARM_RETURN_IF_ERROR(AddPayment(ResponseKind::kCondolencePayment,
                                           AmountIn(currency, per_death * killed), killed, victims,
                                           close));
      }
    }
    if ((injured > 0 || !e_.incident.facts.civilian_objects.empty()) && rng_.Percent(55)) {
      CIVHARM_RETURN_IF_ERROR(AddPayment(ResponseKind::kExGratiaPayment,
                                         AmountIn(Currency(), rng_.Int(2, 12) * 250), injured, {},
                                         close));
    }
    if (injured > 0 && rng_.Percent(50)) {
      CIVHARM_RETURN_IF_ERROR(AddResponse(ResponseKind::kMedicalAssistance, false,
                                          Fate(close, ResponseKind::kMedicalAssistance, false),
                                          cursor_));
    }
    if (rng_.Percent(25)) {
      CIVHARM_RETURN_IF_ERROR(AddResponse(ResponseKind::kLivelihoodAssistance, false,
                                          Fate(close, ResponseKind::kLivelihoodAssistance, false),
                                          cursor_));
    }
    if (!e_.incident.facts.civilian_objects.empty() && rng_.Percent(25)) {
      CIVHARM_RETURN_IF_ERROR(
          AddResponse(ResponseKind::kInfrastructureRestoration, false,
                      Fate(close, ResponseKind::kInfrastructureRestoration, false), cursor_));
    }
    if (rng_.Percent(12)) {
      CIVHARM_RETURN_IF_ERROR(AddResponse(ResponseKind::kPsychosocialAssistance, false,
                                          Fate(close, ResponseKind::kPsychosocialAssistance, false),
                                          cursor_));
    }
    cursor_ = std::max(cursor_, last_response_);
    return Status::Ok();
  }

  // Where a response ends: resolved when the case is to close; any status otherwise.
  ResponseStatus Fate(bool close, ResponseKind kind, bool is_public) {
    using R = ResponseStatus;
    // Acknowledgments and public apologies are the force's alone to make: made, or not yet.
    if (kind == ResponseKind::kAcknowledgment || (kind == ResponseKind::kApology && is_public)) {
      return close || rng_.Percent(70) ? R::kDelivered : R::kProposed;
    }
    const R done = IsPayment(kind) ? R::kPaid : R::kDelivered;
    if (close) {
      const size_t i = rng_.Weighted({75, 17, 8});
      return i == 0 ? done : i == 1 ? R::kDeclined : R::kWithdrawn;
    }
    constexpr std::array kOpen = {R::kProposed, R::kOffered, R::kAccepted, R::kPaid, R::kDeclined};
    R r = kOpen[rng_.Weighted({25, 25, 20, 22, 8})];
    if (r == R::kPaid) r = done;
    return r;
  }

  std::string Description(ResponseKind kind, bool is_public, int64_t people) {
    switch (kind) {
      case ResponseKind::kAcknowledgment:
        return is_public ? fmt::format(
                               "Public acknowledgment, in the Coalition's monthly civilian "
                               "casualty report, that {} killed or injured civilians at {}.",
                               OperationText(), Place())
                         : fmt::format(
                               "Letter to the family acknowledging that the strike at {} harmed "
                               "their relatives, handed over by the liaison officer.",
                               Place());
      case ResponseKind::kApology:
        return is_public
                   ? "Public apology by the CTF Meridian commander at a press conference."
                   : fmt::format("Apology to the family by the commander of {} in person.", Unit());
      case ResponseKind::kCondolencePayment:
        return fmt::format("Condolence payment for the death of {}.",
                           PeopleText(people, "civilian", "civilians"));
      case ResponseKind::kExGratiaPayment:
        return fmt::format("Ex gratia payment for injuries and for the damage to {}.",
                           ObjectText());
      case ResponseKind::kLivelihoodAssistance:
        return fmt::format(
            "Replacement of the family's livestock and a small-business grant, "
            "through {}.",
            Ngo());
      case ResponseKind::kMedicalAssistance:
        return "Surgery and physiotherapy for the injured at the regional hospital, paid by the "
               "force.";
      case ResponseKind::kPsychosocialAssistance:
        return fmt::format("Counselling for the children of the family, through {}.", Ngo());
      case ResponseKind::kInfrastructureRestoration:
        return fmt::format("Repair of {} damaged by the strike.", ObjectText());
      case ResponseKind::kOther:
        break;
    }
    return "Other response.";
  }

  // To whom (personal data in real cases; generic words here, no names).
  std::string RecipientOf(ResponseKind kind, bool is_public, int64_t people) {
    if (is_public) return "the public";
    switch (kind) {
      case ResponseKind::kCondolencePayment:
        return people > 1 && rng_.Percent(50) ? "the families of those killed"
                                              : "the family of the deceased";
      case ResponseKind::kExGratiaPayment:
      case ResponseKind::kMedicalAssistance:
        return "the injured and their families";
      case ResponseKind::kLivelihoodAssistance:
        return "the head of the household, for the family";
      case ResponseKind::kInfrastructureRestoration:
        return "the village council and the owners of the damaged buildings";
      case ResponseKind::kPsychosocialAssistance:
        return "the children of the family and their mother";
      case ResponseKind::kAcknowledgment:
      case ResponseKind::kApology:
      case ResponseKind::kOther:
        break;
    }
    return rng_.Percent(50) ? "the family of the deceased" : "the families of those harmed";
  }

  Status AddPayment(ResponseKind kind, Money amount, int64_t people, std::vector<Id> victims,
                    bool close) {
    return AddResponse(kind, false, Fate(close, kind, false), cursor_, std::move(amount), people,
                       std::move(victims));
  }

  // Adds a response, proposed a few days after `from`, and takes it through its statuses to
  // `fate`, each change dated after the last.
  Status AddResponse(ResponseKind kind, bool is_public, ResponseStatus fate, Date from,
                     std::optional<Money> amount = std::nullopt, int64_t people = 0,
                     std::vector<Id> victims = {}) {
    using R = ResponseStatus;
    Response r;
    r.meta.incident_id = s_.incident_id;
    r.kind = kind;
    r.is_public = is_public;
    r.amount = std::move(amount);
    r.victim_ids = std::move(victims);
    r.description = Description(kind, is_public, people);
    r.recipient = RecipientOf(kind, is_public, people);
    Date on = After(from, 0, 10);
    r.history = {{.status = R::kProposed, .on = on}};
    auto saved = service_.AddResponse(actor_, std::move(r));
    if (!saved) return Refused(fmt::format("adding a {}", EnumName(kind)), saved.error());
    Response current = std::move(*saved);

    std::vector<StatusChange> changes;
    const bool quick = kind == ResponseKind::kAcknowledgment || kind == ResponseKind::kApology;
    const auto next = [&](R status, std::string note = {}) {
      on = After(on, quick ? 1 : 5, quick ? 20 : 45);
      changes.push_back({.status = status, .on = on, .note = std::move(note)});
    };
    switch (fate) {
      case R::kProposed:
        break;
      case R::kOffered:
        next(R::kOffered);
        break;
      case R::kAccepted:
        next(R::kOffered);
        next(R::kAccepted);
        break;
      case R::kPaid:
      case R::kDelivered:
        if (!quick) {
          next(R::kOffered);
          if (rng_.Percent(85)) next(R::kAccepted);
        }
        next(fate);
        break;
      case R::kDeclined: {
        static constexpr std::array<std::string_view, 3> kDeclinedMoney = {
            "The family declined: they ask first for a public acknowledgment that those killed "
            "were civilians.",
            "Declined: the family will not accept money from the force that killed their "
            "relatives.",
            "Declined by the family, who found the amount offered an insult."};
        static constexpr std::array<std::string_view, 2> kDeclinedOther = {
            "Declined: the family wants the findings of the investigation first.",
            "Declined: the family has moved away and asked not to be contacted again."};
        next(R::kOffered);
        next(R::kDeclined,
             std::string(IsPayment(kind) ? rng_.Pick(kDeclinedMoney) : rng_.Pick(kDeclinedOther)));
        break;
      }
      case R::kWithdrawn: {
        static constexpr std::array<std::string_view, 2> kWithdrawn = {
            "Withdrawn: the family left the area and could not be reached.",
            "Withdrawn: replaced by an ex gratia payment agreed with the family."};
        if (rng_.Percent(50)) next(R::kOffered);
        next(R::kWithdrawn, std::string(rng_.Pick(kWithdrawn)));
        break;
      }
    }
    for (StatusChange& change : changes) {
      auto moved = service_.ChangeResponseStatus(actor_, current.meta.id, std::move(change),
                                                 current.meta.version);
      if (!moved) {
        return Refused(fmt::format("changing the status of a {}", EnumName(kind)), moved.error());
      }
      current = std::move(*moved);
    }
    last_response_ = std::max(last_response_, on);
    return Status::Ok();
  }

  CaseService& service_;
  const DemoData& data_;
  const std::vector<StoredEvent>& stored_;
  const size_t index_;
  const DemoEvent& e_;
  const StoredEvent& s_;
  const Operation* op_;
  const Theatre* theatre_;
  const Locale& locale_;
  const service::Actor actor_ = service::Actor::System();
  Rng rng_;
  const Date today_;
  Date arrival_ = Date::FromDays(0);      // the first report
  Date last_report_ = Date::FromDays(0);  // the last report
  Date cursor_ = Date::FromDays(0);       // the case's last day so far
  Date last_response_ = Date::FromDays(0);
  std::optional<Date> finding_on_;
  bool recent_ = false;
  std::optional<Date> recent_day_;
  bool acknowledged_ = false;
  S status_ = S::kUnassessed;
  std::optional<Investigation> investigation_;
  CountRange conceded_killed_, conceded_injured_;
};

}  // namespace

std::vector<std::optional<AssessmentStatus>> PlanCases(const std::vector<DemoEvent>& events,
                                                       uint64_t seed) {
  const size_t n = events.size();
  std::vector<std::optional<S>> plan(n);
  if (n == 0) return plan;
  const size_t total = std::min(n, std::clamp(n / 8, kMinCases, kMaxCases));
  // Found credible and taken on from there (own-force events with civilian harm only) …
  std::array<Quota, 5> credible = {{{S::kClosed, 22},
                                    {S::kResponding, 10},
                                    {S::kInvestigating, 8},
                                    {S::kCredible, 6},
                                    {S::kInvestigated, 6}}};
  // … or the other findings, and cases still being assessed or reopened (any event).
  std::array<Quota, 5> others = {{{S::kNotCredible, 17},
                                  {S::kInsufficientInfo, 10},
                                  {S::kAssessing, 10},
                                  {S::kDuplicate, 6},
                                  {S::kReopened, 5}}};
  for (auto* quotas : {&credible, &others}) {
    for (Quota& q : *quotas) {
      q.left = std::max<int64_t>(1, (static_cast<int64_t>(total) * q.percent + 50) / 100);
    }
  }
  Rng rng(seed ^ kPlanSalt);
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  rng.Shuffle(order);
  size_t planned = 0;
  const auto assign = [&](size_t i, Quota& q) {
    plan[i] = q.status;
    --q.left;
    ++q.taken;
    ++planned;
  };
  for (size_t i : order) {
    if (planned >= total) break;
    if (!events[i].operation || !CivilianHarmReported(events[i])) continue;
    Quota* q = NextQuota(std::span<Quota>(credible), [](S) { return true; });
    if (!q) break;
    assign(i, *q);
  }
  std::vector<bool> original(n, false);  // named by a duplicate: not a duplicate itself
  for (size_t i : order) {
    if (planned >= total) break;
    if (plan[i]) continue;
    std::optional<size_t> twin;
    bool twin_looked = false;
    const auto fits = [&](S status) {
      if (status != S::kDuplicate) return true;
      if (original[i]) return false;
      if (!twin_looked) {
        twin = TwinOf(events, i);
        twin_looked = true;
      }
      return twin && plan[*twin] != S::kDuplicate;
    };
    Quota* q = NextQuota(std::span<Quota>(others), fits);
    if (!q) continue;
    assign(i, *q);
    if (q->status == S::kDuplicate) original[*twin] = true;
  }
  return plan;
}

Result<WalkedCases> WalkCases(CaseService& cases, const DemoData& data,
                              const std::vector<StoredEvent>& stored, uint64_t seed, Date today) {
  WalkedCases out;
  for (size_t i = 0; i < data.events.size(); ++i) {
    const auto& target = data.events[i].case_status;
    if (!target || *target == S::kUnassessed) continue;
    Walk walk(cases, data, stored, i, seed, today);
    CIVHARM_RETURN_IF_ERROR(walk.To(*target));
    if (walk.status() != *target) {
      return std::unexpected(
          Status(ErrorCode::kInternal,
                 fmt::format("demo case of incident {} ended {}, not {}", stored[i].incident_id,
                             EnumName(walk.status()), EnumName(*target))));
    }
    ++out.cases;
    ++out.by_status[*target];
  }
  return out;
}

}  // namespace civharm::service::demo
