#include "domain/case_records.h"

#include <climits>
#include <type_traits>
#include <utility>

#include <fmt/format.h>

#include "core/problems.h"
#include "core/strings.h"
#include "domain/codec.h"
#include "domain/json_reader.h"

namespace civharm {

using internal::JsonReader;
using nlohmann::json;

// ---- kinds, meta, personal data ---------------------------------------------------------------

CaseRecordKind KindOf(const CaseRecord& r) {
  return std::visit([](const auto& rec) { return CaseKindOf<std::decay_t<decltype(rec)>>(); }, r);
}

const CaseMeta& MetaOf(const CaseRecord& r) {
  return std::visit([](const auto& rec) -> const CaseMeta& { return rec.meta; }, r);
}

CaseMeta& MetaOf(CaseRecord& r) {
  return std::visit([](auto& rec) -> CaseMeta& { return rec.meta; }, r);
}

bool IsPayment(ResponseKind kind) {
  return kind == ResponseKind::kCondolencePayment || kind == ResponseKind::kExGratiaPayment;
}

bool IsResolved(ResponseStatus status) {
  switch (status) {
    case ResponseStatus::kPaid:
    case ResponseStatus::kDelivered:
    case ResponseStatus::kDeclined:
    case ResponseStatus::kWithdrawn:
      return true;
    case ResponseStatus::kProposed:
    case ResponseStatus::kOffered:
    case ResponseStatus::kAccepted:
      return false;
  }
  return false;
}

namespace {

constexpr std::array<std::string_view, 1> kInvestigationKeys = {"witness_details"};
constexpr std::array<std::string_view, 1> kResponseKeys = {"recipient"};
constexpr std::array<std::string_view, 2> kConsultationKeys = {"participants", "preferences"};

// Calls `fn(key, field)` for each personal field of a case record (const or not), in the order of
// its kind's PersonalKeys; the other kinds have none.
template <typename Rec, typename Fn>
void ForEachPersonal(Rec& r, Fn fn) {
  using T = std::remove_const_t<Rec>;
  if constexpr (std::is_same_v<T, Investigation>) {
    fn(kInvestigationKeys[0], r.witness_details);
  } else if constexpr (std::is_same_v<T, Response>) {
    fn(kResponseKeys[0], r.recipient);
  } else if constexpr (std::is_same_v<T, Consultation>) {
    fn(kConsultationKeys[0], r.participants);
    fn(kConsultationKeys[1], r.preferences);
  }
}

}  // namespace

std::span<const std::string_view> PersonalKeys(CaseRecordKind kind) {
  switch (kind) {
    case CaseRecordKind::kInvestigation:
      return kInvestigationKeys;
    case CaseRecordKind::kResponse:
      return kResponseKeys;
    case CaseRecordKind::kConsultation:
      return kConsultationKeys;
    default:
      return {};
  }
}

void RemovePersonalData(CaseRecord& record) {
  std::visit([](auto& r) { ForEachPersonal(r, [](std::string_view, auto& field) { field = {}; }); },
             record);
}

std::vector<std::string_view> PersonalFieldsPresent(const CaseRecord& record) {
  std::vector<std::string_view> present;
  std::visit(
      [&](const auto& r) {
        ForEachPersonal(r, [&](std::string_view key, const auto& field) {
          if (!field.empty()) present.push_back(key);
        });
      },
      record);
  return present;
}

// ---- money ----------------------------------------------------------------------------------

namespace {
constexpr int kMaxWholeDigits = 15;
constexpr int kMaxFractionDigits = 3;
// 10^15 · 1000: the first amount with more than 15 whole digits, in thousandths.
constexpr int64_t kAmountLimit = 1'000'000'000'000'000'000;
}  // namespace

Result<int64_t> Money::ParseAmount(std::string_view text) {
  const auto refuse = [&](std::string_view why) -> Result<int64_t> {
    return std::unexpected(InvalidArgument(
        fmt::format("'{}' is not an amount such as 1500, 1500.50 or 0.125: {}", text, why)));
  };
  if (text.empty()) return refuse("it is empty");
  const size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  const auto digits = [](std::string_view s) {
    for (char c : s) {
      if (c < '0' || c > '9') return false;
    }
    return true;
  };
  if (!digits(whole) || !digits(fraction)) {
    return refuse("only digits and one decimal point are accepted (no sign, exponent or spaces)");
  }
  if (whole.empty()) return refuse("digits must come before the decimal point");
  if (dot != std::string_view::npos && fraction.empty()) {
    return refuse("digits must follow the decimal point");
  }
  if (whole.size() > kMaxWholeDigits) {
    return refuse(fmt::format("at most {} whole digits are accepted", kMaxWholeDigits));
  }
  if (fraction.size() > kMaxFractionDigits) {
    return refuse(
        fmt::format("at most {} decimals are accepted; it is not rounded", kMaxFractionDigits));
  }
  int64_t value = 0;
  for (char c : whole) value = value * 10 + (c - '0');
  int64_t thousandths = 0;
  for (size_t i = 0; i < kMaxFractionDigits; ++i) {
    thousandths = thousandths * 10 + (i < fraction.size() ? fraction[i] - '0' : 0);
  }
  return value * 1000 + thousandths;
}

std::string Money::AmountText() const {
  const bool negative = thousandths < 0;
  const uint64_t magnitude =
      negative ? 0 - static_cast<uint64_t>(thousandths) : static_cast<uint64_t>(thousandths);
  const uint64_t whole = magnitude / 1000;
  const uint64_t fraction = magnitude % 1000;
  const std::string sign = negative ? "-" : "";
  if (fraction % 10 != 0) return fmt::format("{}{}.{:03}", sign, whole, fraction);
  return fmt::format("{}{}.{:02}", sign, whole, fraction / 10);
}

// ---- validation -----------------------------------------------------------------------------

namespace {

bool Blank(std::string_view s) {
  return Trim(s).empty();
}

void ValidateId(const Id& id, const std::string& field, Problems& p) {
  if (!IsValidId(id)) p.Add(field, fmt::format("'{}' is not a record id", id));
}

void ValidateIds(const std::vector<Id>& ids, const std::string& field, Problems& p) {
  for (size_t i = 0; i < ids.size(); ++i) ValidateId(ids[i], Index(field, i), p);
}

// Each item non-blank text of at most `max` bytes.
void ValidateTexts(const std::vector<std::string>& texts, const std::string& field, size_t max,
                   Problems& p) {
  for (size_t i = 0; i < texts.size(); ++i) {
    if (Blank(texts[i])) p.Add(Index(field, i), "must not be empty");
    ValidateText(texts[i], Index(field, i), max, p);
  }
}

void RequireText(const std::string& text, const std::string& field, std::string_view why,
                 Problems& p) {
  if (Blank(text)) p.Add(field, std::string(why));
}

void ValidateMeta(const CaseMeta& m, Problems& p) {
  if (!m.id.empty()) ValidateId(m.id, "id", p);
  if (m.incident_id.empty()) {
    p.Add("incident_id", "is required");
  } else {
    ValidateId(m.incident_id, "incident_id", p);
  }
  if (m.version < 0) p.Add("version", "must not be negative");
  ValidateText(m.created_by, "created_by", kMaxShortText, p);
  ValidateText(m.updated_by, "updated_by", kMaxShortText, p);
}

void ValidateCause(const Cause& c, const std::string& field, Problems& p) {
  if (c.kind == CauseKind::kOther) {
    RequireText(c.detail, Path(field, "detail"), "is required for a cause of kind 'other'", p);
  }
  ValidateText(c.detail, Path(field, "detail"), kMaxLongText, p);
}

// Dates of a status history must not go backwards.
template <typename Change>
void ValidateHistoryDates(const std::vector<Change>& history, Problems& p) {
  for (size_t i = 1; i < history.size(); ++i) {
    if (history[i].on < history[i - 1].on) {
      p.Add(Path(Index("history", i), "on"),
            fmt::format("{} is before the previous change ({})", history[i].on.ToString(),
                        history[i - 1].on.ToString()));
    }
  }
}

void ValidateKind(const Transition& t, Problems& p) {
  if (t.step == CaseStep::kReopen) RequireText(t.note, "note", "say why the case is reopened", p);
  ValidateText(t.note, "note", kMaxShortText, p);
  if (t.record) ValidateId(*t.record, "record", p);
}

void ValidateKind(const Assessment& a, Problems& p) {
  if (a.reports_considered.empty() && a.operations_considered.empty() && a.other_sources.empty()) {
    p.Add("reports_considered",
          "name at least one source considered (reports_considered, operations_considered or "
          "other_sources)");
  }
  ValidateIds(a.reports_considered, "reports_considered", p);
  ValidateIds(a.operations_considered, "operations_considered", p);
  ValidateTexts(a.other_sources, "other_sources", kMaxShortText, p);

  const bool not_credible = a.finding == Finding::kNotCredible;
  if (not_credible && !a.not_credible_reason) {
    p.Add("not_credible_reason", "is required when the finding is not_credible");
  } else if (!not_credible && a.not_credible_reason) {
    p.Add("not_credible_reason", "is only for a not_credible finding");
  }
  const bool duplicate = a.finding == Finding::kDuplicate;
  if (duplicate && !a.duplicate_of) {
    p.Add("duplicate_of", "is required when the finding is duplicate: name the incident");
  } else if (!duplicate && a.duplicate_of) {
    p.Add("duplicate_of", "is only for a duplicate finding");
  }
  if (a.duplicate_of) ValidateId(*a.duplicate_of, "duplicate_of", p);

  if (a.finding != Finding::kCredible) {
    RequireText(a.reasoning, "reasoning", "is required unless the finding is credible", p);
  }
  ValidateText(a.reasoning, "reasoning", kMaxLongText, p);

  if (a.finding == Finding::kCredible && a.civilians_killed.empty() &&
      a.civilians_injured.empty()) {
    p.Add("civilians_killed",
          "a credible finding states the civilian harm conceded: civilians_killed or "
          "civilians_injured");
  }
  ValidateCountRange(a.civilians_killed, "civilians_killed", p);
  ValidateCountRange(a.civilians_injured, "civilians_injured", p);
}

void ValidateKind(const Investigation& v, Problems& p) {
  if (v.kind == InvestigationKind::kCriminalReferral) {
    RequireText(v.authority, "authority", "name the authority the case is referred to", p);
  }
  ValidateText(v.authority, "authority", kMaxShortText, p);
  for (size_t i = 0; i < v.inquiries.size(); ++i) {
    const Inquiry& q = v.inquiries[i];
    const std::string f = Index("inquiries", i);
    if (q.outcome == InquiryOutcome::kNotPossible) {
      RequireText(q.reason, Path(f, "reason"), "say why it was not possible", p);
    }
    ValidateText(q.reason, Path(f, "reason"), kMaxShortText, p);
    ValidateText(q.summary, Path(f, "summary"), kMaxLongText, p);
  }
  ValidateTexts(v.sources_consulted, "sources_consulted", kMaxShortText, p);
  ValidateText(v.findings, "findings", kMaxLongText, p);
  for (size_t i = 0; i < v.causes.size(); ++i) ValidateCause(v.causes[i], Index("causes", i), p);
  ValidateText(v.witness_details, "witness_details", kMaxLongText, p);
}

bool IsCurrencyCode(std::string_view c) {
  if (c.size() != 3) return false;
  for (char ch : c) {
    if (ch < 'A' || ch > 'Z') return false;
  }
  return true;
}

void ValidateKind(const Response& r, Problems& p) {
  const bool payment = IsPayment(r.kind);
  if (payment && !r.amount) {
    p.Add("amount", "is required for a payment");
  } else if (!payment && r.amount) {
    p.Add("amount", "only payments carry an amount");
  }
  if (r.amount) {
    if (!IsCurrencyCode(r.amount->currency)) {
      p.Add("amount.currency", fmt::format("'{}' is not an ISO 4217 code of three capital letters",
                                           r.amount->currency));
    }
    if (r.amount->thousandths <= 0) {
      p.Add("amount.amount", "must be more than zero");
    } else if (r.amount->thousandths >= kAmountLimit) {
      p.Add("amount.amount", fmt::format("has more than {} whole digits", kMaxWholeDigits));
    }
  }
  if (r.is_public && r.kind != ResponseKind::kAcknowledgment && r.kind != ResponseKind::kApology) {
    p.Add("is_public", "only acknowledgments and apologies are made publicly or privately");
  }
  ValidateText(r.recipient, "recipient", kMaxShortText, p);
  ValidateIds(r.victim_ids, "victim_ids", p);
  ValidateText(r.description, "description", kMaxLongText, p);

  if (r.history.empty()) p.Add("history", "is required: the response's status, from the first");
  for (size_t i = 0; i < r.history.size(); ++i) {
    const StatusChange& c = r.history[i];
    const std::string f = Index("history", i);
    if (c.status == ResponseStatus::kPaid && !payment) {
      p.Add(Path(f, "status"), "'paid' is only for payments (use 'delivered')");
    } else if (c.status == ResponseStatus::kDelivered && payment) {
      p.Add(Path(f, "status"), "'delivered' is not for payments (use 'paid')");
    }
    if (c.status == ResponseStatus::kDeclined || c.status == ResponseStatus::kWithdrawn) {
      RequireText(c.note, Path(f, "note"),
                  fmt::format("is required when the response is {}", EnumName(c.status)), p);
    }
    ValidateText(c.by, Path(f, "by"), kMaxShortText, p);
    ValidateText(c.note, Path(f, "note"), kMaxLongText, p);
  }
  ValidateHistoryDates(r.history, p);
}

void ValidateKind(const Consultation& c, Problems& p) {
  RequireText(c.language, "language", "is required: the language the consultation was held in", p);
  ValidateText(c.language, "language", kMaxShortText, p);
  RequireText(c.met_by, "met_by", "is required: who met them for the force", p);
  ValidateText(c.met_by, "met_by", kMaxShortText, p);
  ValidateText(c.participants, "participants", kMaxLongText, p);
  ValidateText(c.preferences, "preferences", kMaxLongText, p);
}

void ValidateKind(const Lesson& l, Problems& p) {
  ValidateCause(l.cause, "cause", p);
  RequireText(l.recommendation, "recommendation", "is required", p);
  ValidateText(l.recommendation, "recommendation", kMaxLongText, p);
  RequireText(l.owner, "owner", "is required: who is to implement the recommendation", p);
  ValidateText(l.owner, "owner", kMaxShortText, p);
  if (l.history.empty()) p.Add("history", "is required: the lesson's status, from the first");
  for (size_t i = 0; i < l.history.size(); ++i) {
    const LessonChange& c = l.history[i];
    const std::string f = Index("history", i);
    if (c.status == LessonStatus::kRejected) {
      RequireText(c.note, Path(f, "note"), "is required when the lesson is rejected: say why", p);
    }
    ValidateText(c.by, Path(f, "by"), kMaxShortText, p);
    ValidateText(c.note, Path(f, "note"), kMaxLongText, p);
  }
  ValidateHistoryDates(l.history, p);
}

}  // namespace

Status Validate(const CaseRecord& record) {
  Problems p;
  ValidateMeta(MetaOf(record), p);
  std::visit([&](const auto& r) { ValidateKind(r, p); }, record);
  return p.ToStatus();
}

// ---- writing --------------------------------------------------------------------------------

namespace {

void PutText(json& j, const char* key, const std::string& v) {
  if (!v.empty()) j[key] = v;
}
template <typename T>
void PutOpt(json& j, const char* key, const std::optional<T>& v) {
  if (v) j[key] = *v;
}
template <typename E>
void PutEnum(json& j, const char* key, const std::optional<E>& v) {
  if (v) j[key] = EnumName(*v);
}
void PutDate(json& j, const char* key, const std::optional<Date>& d) {
  if (d) j[key] = d->ToString();
}
void PutRange(json& j, const char* key, const CountRange& r) {
  if (!r.empty()) j[key] = ToJson(r);
}
void PutList(json& j, const char* key, const std::vector<std::string>& v) {
  if (!v.empty()) j[key] = v;
}

void PutMeta(json& j, const CaseMeta& m) {
  if (!m.id.empty()) j["id"] = m.id;
  PutText(j, "incident_id", m.incident_id);
  if (m.version > 0) {
    j["version"] = m.version;
    PutText(j, "created_by", m.created_by);
    j["created_at"] = m.created_at.ToString();
    PutText(j, "updated_by", m.updated_by);
    j["updated_at"] = m.updated_at.ToString();
  }
}

json CauseJson(const Cause& c) {
  json j = {{"kind", EnumName(c.kind)}};
  PutText(j, "detail", c.detail);
  return j;
}

template <typename Change>
json HistoryJson(const std::vector<Change>& history) {
  json arr = json::array();
  for (const Change& c : history) {
    json e = {{"status", EnumName(c.status)}, {"on", c.on.ToString()}};
    PutText(e, "by", c.by);
    PutText(e, "note", c.note);
    arr.push_back(std::move(e));
  }
  return arr;
}

void PutKind(json& j, const Transition& t) {
  j["step"] = EnumName(t.step);
  j["from"] = EnumName(t.from);
  j["to"] = EnumName(t.to);
  j["on"] = t.on.ToString();
  PutText(j, "note", t.note);
  PutOpt(j, "record", t.record);
}

void PutKind(json& j, const Assessment& a) {
  PutList(j, "reports_considered", a.reports_considered);
  PutList(j, "operations_considered", a.operations_considered);
  PutList(j, "other_sources", a.other_sources);
  j["standard"] = EnumName(a.standard);
  j["finding"] = EnumName(a.finding);
  PutEnum(j, "not_credible_reason", a.not_credible_reason);
  PutOpt(j, "duplicate_of", a.duplicate_of);
  PutText(j, "reasoning", a.reasoning);
  PutRange(j, "civilians_killed", a.civilians_killed);
  PutRange(j, "civilians_injured", a.civilians_injured);
}

void PutKind(json& j, const Investigation& v) {
  j["investigation_kind"] = EnumName(v.kind);
  PutText(j, "authority", v.authority);
  PutOpt(j, "led_by_unit_chain_of_command", v.led_by_unit_chain_of_command);
  if (!v.inquiries.empty()) {
    json arr = json::array();
    for (const Inquiry& q : v.inquiries) {
      json e = {{"kind", EnumName(q.kind)}, {"outcome", EnumName(q.outcome)}};
      PutDate(e, "on", q.on);
      PutText(e, "reason", q.reason);
      PutText(e, "summary", q.summary);
      arr.push_back(std::move(e));
    }
    j["inquiries"] = std::move(arr);
  }
  PutList(j, "sources_consulted", v.sources_consulted);
  PutText(j, "findings", v.findings);
  if (!v.causes.empty()) {
    json arr = json::array();
    for (const Cause& c : v.causes) arr.push_back(CauseJson(c));
    j["causes"] = std::move(arr);
  }
  PutDate(j, "completed_on", v.completed_on);
  PutText(j, "witness_details", v.witness_details);
}

void PutKind(json& j, const Response& r) {
  j["response_kind"] = EnumName(r.kind);
  // Public or private is said of acknowledgments and apologies only; the others are never public.
  if (r.is_public || r.kind == ResponseKind::kAcknowledgment || r.kind == ResponseKind::kApology) {
    j["is_public"] = r.is_public;
  }
  if (r.amount) {
    j["amount"] = {{"amount", r.amount->AmountText()}, {"currency", r.amount->currency}};
  }
  PutText(j, "recipient", r.recipient);
  PutList(j, "victim_ids", r.victim_ids);
  PutText(j, "description", r.description);
  if (!r.history.empty()) j["history"] = HistoryJson(r.history);
  j["status"] = EnumName(r.status());
}

void PutKind(json& j, const Consultation& c) {
  j["held_on"] = c.held_on.ToString();
  j["mode"] = EnumName(c.mode);
  PutText(j, "language", c.language);
  PutText(j, "met_by", c.met_by);
  if (!c.preferred_responses.empty()) {
    json arr = json::array();
    for (ResponseKind k : c.preferred_responses) arr.push_back(EnumName(k));
    j["preferred_responses"] = std::move(arr);
  }
  PutText(j, "participants", c.participants);
  PutText(j, "preferences", c.preferences);
}

void PutKind(json& j, const Lesson& l) {
  j["cause"] = CauseJson(l.cause);
  PutText(j, "recommendation", l.recommendation);
  PutText(j, "owner", l.owner);
  PutDate(j, "due", l.due);
  if (!l.history.empty()) j["history"] = HistoryJson(l.history);
  j["status"] = EnumName(l.status());
}

}  // namespace

json ToJson(const CaseRecord& record) {
  json j = json::object();
  j["kind"] = EnumName(KindOf(record));
  PutMeta(j, MetaOf(record));
  std::visit([&](const auto& r) { PutKind(j, r); }, record);
  return j;
}

// ---- reading --------------------------------------------------------------------------------

namespace {

constexpr std::array<std::string_view, 6> kSetByCivharm = {
    "id", "version", "created_by", "created_at", "updated_by", "updated_at"};

// The meta of a stored document.
void ReadMeta(JsonReader& in, CaseMeta& m) {
  m.id = in.IdValue("id").value_or(Id());
  m.incident_id = in.IdValue("incident_id").value_or(Id());
  m.version = in.Int("version").value_or(0);
  if (m.version < 0) in.problems().Add(in.field("version"), "must not be negative");
  m.created_by = in.String("created_by");
  m.created_at = in.TimestampValue("created_at").value_or(Timestamp());
  m.updated_by = in.String("updated_by");
  m.updated_at = in.TimestampValue("updated_at").value_or(Timestamp());
}

// The meta of a request body: only the incident; the rest is civharm's to set.
void ReadRequestMeta(JsonReader& in, CaseMeta& m) {
  m.incident_id = in.IdValue("incident_id").value_or(Id());
  for (std::string_view key : kSetByCivharm) {
    if (in.Get(key)) in.problems().Add(in.field(key), "is civharm's to set");
  }
}

Cause ReadCause(const json& v, const std::string& path, Problems& p) {
  JsonReader in(v, path, p);
  in.Require("kind");
  Cause c;
  c.kind = in.Enum<CauseKind>("kind").value_or(CauseKind::kOther);
  c.detail = in.String("detail");
  in.Finish();
  return c;
}

// A status history: [{status, on, by, note}], oldest first.
template <typename Change, typename StatusEnum>
std::vector<Change> ReadHistory(JsonReader& parent) {
  std::vector<Change> history;
  const json* arr = parent.Array("history");
  if (!arr) return history;
  for (size_t i = 0; i < arr->size(); ++i) {
    JsonReader in((*arr)[i], Index(parent.field("history"), i), parent.problems());
    in.Require("status");
    in.Require("on");
    Change c;
    if (auto s = in.Enum<StatusEnum>("status")) c.status = *s;
    if (auto d = in.DateValue("on")) c.on = *d;
    c.by = in.String("by");
    c.note = in.String("note");
    in.Finish();
    history.push_back(std::move(c));
  }
  return history;
}

// The derived "status" key: optional, but when given it must be the last change's status.
template <typename StatusEnum>
void CheckDerivedStatus(JsonReader& in, StatusEnum current) {
  if (auto s = in.Enum<StatusEnum>("status"); s && *s != current) {
    in.problems().Add(in.field("status"),
                      fmt::format("'{}' is not the status of the last change in history ('{}')",
                                  EnumName(*s), EnumName(current)));
  }
}

Transition ReadTransition(JsonReader& in) {
  Transition t;
  in.Require("step");
  in.Require("from");
  in.Require("to");
  in.Require("on");
  if (auto s = in.Enum<CaseStep>("step")) t.step = *s;
  if (auto s = in.Enum<AssessmentStatus>("from")) t.from = *s;
  if (auto s = in.Enum<AssessmentStatus>("to")) t.to = *s;
  if (auto d = in.DateValue("on")) t.on = *d;
  t.note = in.String("note");
  t.record = in.IdValue("record");
  return t;
}

Assessment ReadAssessment(JsonReader& in) {
  Problems& p = in.problems();
  Assessment a;
  a.reports_considered = in.Ids("reports_considered");
  a.operations_considered = in.Ids("operations_considered");
  a.other_sources = in.Strings("other_sources");
  if (auto s = in.Enum<EvidenceStandard>("standard")) a.standard = *s;
  in.Require("finding");
  if (auto f = in.Enum<Finding>("finding")) a.finding = *f;
  a.not_credible_reason = in.Enum<NotCredibleReason>("not_credible_reason");
  a.duplicate_of = in.IdValue("duplicate_of");
  a.reasoning = in.String("reasoning");
  a.civilians_killed =
      CountRangeFromJson(in.Get("civilians_killed"), in.field("civilians_killed"), p);
  a.civilians_injured =
      CountRangeFromJson(in.Get("civilians_injured"), in.field("civilians_injured"), p);
  return a;
}

Investigation ReadInvestigation(JsonReader& in) {
  Problems& p = in.problems();
  Investigation v;
  in.Require("investigation_kind");
  if (auto k = in.Enum<InvestigationKind>("investigation_kind")) v.kind = *k;
  v.authority = in.String("authority");
  v.led_by_unit_chain_of_command = in.Bool("led_by_unit_chain_of_command");
  if (const json* arr = in.Array("inquiries")) {
    for (size_t i = 0; i < arr->size(); ++i) {
      JsonReader qin((*arr)[i], Index(in.field("inquiries"), i), p);
      qin.Require("kind");
      qin.Require("outcome");
      Inquiry q;
      if (auto k = qin.Enum<InquiryKind>("kind")) q.kind = *k;
      if (auto o = qin.Enum<InquiryOutcome>("outcome")) q.outcome = *o;
      q.on = qin.DateValue("on");
      q.reason = qin.String("reason");
      q.summary = qin.String("summary");
      qin.Finish();
      v.inquiries.push_back(std::move(q));
    }
  }
  v.sources_consulted = in.Strings("sources_consulted");
  v.findings = in.String("findings");
  if (const json* arr = in.Array("causes")) {
    for (size_t i = 0; i < arr->size(); ++i) {
      v.causes.push_back(ReadCause((*arr)[i], Index(in.field("causes"), i), p));
    }
  }
  v.completed_on = in.DateValue("completed_on");
  v.witness_details = in.String("witness_details");
  return v;
}

// {"amount": "1500.50", "currency": "USD"}. The amount is exact text; a JSON number is accepted
// only when it is whole, since a fraction may already have been rounded by the sender.
Money ReadMoney(const json& v, const std::string& path, Problems& p) {
  JsonReader in(v, path, p);
  in.Require("amount");
  in.Require("currency");
  Money m;
  if (const json* a = in.Get("amount")) {
    const std::string field = in.field("amount");
    if (a->is_string()) {
      if (auto t = Money::ParseAmount(a->get<std::string>())) {
        m.thousandths = *t;
      } else {
        p.Add(field, t.error().message());
      }
    } else if (a->is_number_integer()) {
      // Whole units; more than 15 whole digits is refused, as for text.
      const bool is_unsigned = a->is_number_unsigned();
      const uint64_t u = is_unsigned ? a->get<uint64_t>() : 0;
      const int64_t n = is_unsigned ? 0 : a->get<int64_t>();
      const int64_t limit = kAmountLimit / 1000;
      if (is_unsigned ? u >= static_cast<uint64_t>(limit) : (n >= limit || n <= -limit)) {
        p.Add(field, fmt::format("has more than {} whole digits", kMaxWholeDigits));
      } else {
        m.thousandths = (is_unsigned ? static_cast<int64_t>(u) : n) * 1000;
      }
    } else if (a->is_number()) {
      p.Add(field, "must be exact text such as \"1500.50\", not a number with a fraction");
    } else {
      p.Add(field, fmt::format("must be a decimal amount as text, not {}", a->type_name()));
    }
  }
  m.currency = in.String("currency");
  in.Finish();
  return m;
}

Response ReadResponse(JsonReader& in) {
  Response r;
  in.Require("response_kind");
  if (auto k = in.Enum<ResponseKind>("response_kind")) r.kind = *k;
  r.is_public = in.Bool("is_public").value_or(false);
  if (const json* a = in.Get("amount")) r.amount = ReadMoney(*a, in.field("amount"), in.problems());
  r.recipient = in.String("recipient");
  r.victim_ids = in.Ids("victim_ids");
  r.description = in.String("description");
  r.history = ReadHistory<StatusChange, ResponseStatus>(in);
  CheckDerivedStatus(in, r.status());
  return r;
}

Consultation ReadConsultation(JsonReader& in) {
  Consultation c;
  in.Require("held_on");
  in.Require("mode");
  if (auto d = in.DateValue("held_on")) c.held_on = *d;
  if (auto m = in.Enum<ConsultationMode>("mode")) c.mode = *m;
  c.language = in.String("language");
  c.met_by = in.String("met_by");
  if (const json* arr = in.Array("preferred_responses")) {
    for (size_t i = 0; i < arr->size(); ++i) {
      const json& v = (*arr)[i];
      const std::string field = Index(in.field("preferred_responses"), i);
      if (!v.is_string()) {
        in.problems().Add(field, fmt::format("must be a string, not {}", v.type_name()));
        continue;
      }
      const auto k = ParseEnum<ResponseKind>(v.get<std::string>());
      if (!k) {
        in.problems().Add(field, fmt::format("'{}' is not {}", v.get<std::string>(),
                                             EnumChoices<ResponseKind>()));
        continue;
      }
      c.preferred_responses.push_back(*k);
    }
  }
  c.participants = in.String("participants");
  c.preferences = in.String("preferences");
  return c;
}

Lesson ReadLesson(JsonReader& in) {
  Lesson l;
  in.Require("cause");
  if (const json* c = in.Get("cause")) l.cause = ReadCause(*c, in.field("cause"), in.problems());
  l.recommendation = in.String("recommendation");
  l.owner = in.String("owner");
  l.due = in.DateValue("due");
  l.history = ReadHistory<LessonChange, LessonStatus>(in);
  CheckDerivedStatus(in, l.status());
  return l;
}

CaseRecord ReadKind(CaseRecordKind kind, JsonReader& in) {
  switch (kind) {
    case CaseRecordKind::kTransition:
      return ReadTransition(in);
    case CaseRecordKind::kAssessment:
      return ReadAssessment(in);
    case CaseRecordKind::kInvestigation:
      return ReadInvestigation(in);
    case CaseRecordKind::kResponse:
      return ReadResponse(in);
    case CaseRecordKind::kConsultation:
      return ReadConsultation(in);
    case CaseRecordKind::kLesson:
      return ReadLesson(in);
  }
  return Transition{};
}

}  // namespace

Result<CaseRecord> CaseRecordFromJson(const json& j) {
  Problems p;
  JsonReader in(j, "", p);
  in.Require("kind");
  const auto kind = in.Enum<CaseRecordKind>("kind");
  if (!kind) return std::unexpected(p.ToStatus());
  CaseMeta meta;
  ReadMeta(in, meta);
  CaseRecord r = ReadKind(*kind, in);
  in.Finish();
  if (!p.empty()) return std::unexpected(p.ToStatus());
  MetaOf(r) = std::move(meta);
  return r;
}

Result<CaseRecord> CaseRecordFromJson(CaseRecordKind kind, const json& j) {
  Problems p;
  JsonReader in(j, "", p);
  if (const auto given = in.Enum<CaseRecordKind>("kind"); given && *given != kind) {
    p.Add("kind", fmt::format("'{}' does not match the kind requested ('{}')", EnumName(*given),
                              EnumName(kind)));
  }
  CaseMeta meta;
  ReadRequestMeta(in, meta);
  CaseRecord r = ReadKind(kind, in);
  in.Finish();
  if (!p.empty()) return std::unexpected(p.ToStatus());
  MetaOf(r) = std::move(meta);
  return r;
}

}  // namespace civharm
