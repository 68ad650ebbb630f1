#include "domain/case_records.h"

#include <utility>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace civharm {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using json = nlohmann::json;

Date D(std::string_view text) {
  return *Date::Parse(text);
}

CaseMeta StoredMeta() {
  CaseMeta m;
  m.id = NewId();
  m.incident_id = NewId();
  m.version = 3;
  m.created_by = "amira";
  m.created_at = *Timestamp::Parse("2026-11-20T10:00:00Z");
  m.updated_by = "jonas";
  m.updated_at = *Timestamp::Parse("2026-11-21T09:30:00.25Z");
  return m;
}

Transition FullTransition() {
  Transition t;
  t.meta = StoredMeta();
  t.step = CaseStep::kReopen;
  t.from = AssessmentStatus::kClosed;
  t.to = AssessmentStatus::kReopened;
  t.on = *Date::Parse("2024-03-02");
  t.note = "new witness statements";
  t.record = NewId();
  return t;
}

Assessment FullAssessment() {
  Assessment a;
  a.meta = StoredMeta();
  a.reports_considered = {NewId(), NewId()};
  a.operations_considered = {NewId()};
  a.other_sources = {"satellite imagery 2026-11-02", "strike log"};
  a.standard = EvidenceStandard::kReasonableCertainty;
  a.finding = Finding::kCredible;
  a.reasoning = "The strike log and imagery agree with the witnesses.";
  a.civilians_killed = {.min = 2, .best = 3, .max = 4};
  a.civilians_injured = CountRange::Exactly(5);
  return a;
}

Investigation FullInvestigation() {
  Investigation v;
  v.meta = StoredMeta();
  v.kind = InvestigationKind::kCriminalReferral;
  v.authority = "Military prosecutor";
  v.led_by_unit_chain_of_command = false;
  v.inquiries = {
      {.kind = InquiryKind::kWitnessInterview,
       .outcome = InquiryOutcome::kRemote,
       .on = D("2026-12-01"),
       .reason = "",
       .summary = "Two witnesses by video."},
      {.kind = InquiryKind::kSiteVisit,
       .outcome = InquiryOutcome::kNotPossible,
       .on = std::nullopt,
       .reason = "area not accessible",
       .summary = ""},
  };
  v.sources_consulted = {"pilot debrief", "targeting package"};
  v.findings = "Target misidentified.\nCDE underestimated.";
  v.causes = {{.kind = CauseKind::kTargetMisidentification, .detail = ""},
              {.kind = CauseKind::kOther, .detail = "fatigue"}};
  v.completed_on = D("2027-01-15");
  v.witness_details = "Witness A, +963 000 000";
  return v;
}

Response FullResponse() {
  Response r;
  r.meta = StoredMeta();
  r.kind = ResponseKind::kCondolencePayment;
  r.amount = Money{.thousandths = 1'500'500, .currency = "USD"};
  r.recipient = "The family of H.";
  r.victim_ids = {NewId(), NewId()};
  r.description = "Condolence payment to the family.";
  r.history = {
      {.status = ResponseStatus::kProposed, .on = D("2027-02-01"), .by = "amira", .note = ""},
      {.status = ResponseStatus::kOffered,
       .on = D("2027-02-01"),
       .by = "amira",
       .note = "via elder"},
      {.status = ResponseStatus::kPaid, .on = D("2027-03-10"), .by = "finance", .note = ""},
  };
  return r;
}

Consultation FullConsultation() {
  Consultation c;
  c.meta = StoredMeta();
  c.held_on = D("2027-01-20");
  c.mode = ConsultationMode::kThroughIntermediary;
  c.language = "ar";
  c.met_by = "Civil affairs officer";
  c.preferred_responses = {ResponseKind::kApology, ResponseKind::kInfrastructureRestoration};
  c.participants = "H.'s widow and brother";
  c.preferences = "A public apology, and the well repaired.";
  return c;
}

Lesson FullLesson() {
  Lesson l;
  l.meta = StoredMeta();
  l.cause = {.kind = CauseKind::kOther, .detail = "no night imagery"};
  l.recommendation = "Require night imagery before dynamic strikes near housing.";
  l.owner = "J3 targeting cell";
  l.due = D("2027-06-30");
  l.history = {
      {.status = LessonStatus::kProposed, .on = D("2027-02-01"), .by = "amira", .note = ""},
      {.status = LessonStatus::kAccepted, .on = D("2027-02-15"), .by = "j3", .note = "agreed"},
  };
  return l;
}

std::vector<CaseRecord> FullRecords() {
  return {FullTransition(), FullAssessment(),   FullInvestigation(),
          FullResponse(),   FullConsultation(), FullLesson()};
}

// The fields of every problem of `s`.
std::vector<std::string> Fields(const Status& s) {
  std::vector<std::string> fields;
  for (const FieldError& e : s.details()) fields.push_back(e.field);
  return fields;
}

auto HasField(const std::string& field) {
  return Contains(Field(&FieldError::field, field));
}

// ---- kinds, meta ------------------------------------------------------------------------------

TEST(CaseRecordsTest, KindAndMeta) {
  const std::vector<CaseRecord> records = FullRecords();
  const std::vector<CaseRecordKind> kinds = {
      CaseRecordKind::kTransition, CaseRecordKind::kAssessment,   CaseRecordKind::kInvestigation,
      CaseRecordKind::kResponse,   CaseRecordKind::kConsultation, CaseRecordKind::kLesson};
  ASSERT_EQ(records.size(), kinds.size());
  for (size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(KindOf(records[i]), kinds[i]);
  }
  CaseRecord r = FullAssessment();
  MetaOf(r).version = 9;
  EXPECT_EQ(std::get<Assessment>(r).meta.version, 9);
  EXPECT_EQ(MetaOf(std::as_const(r)).version, 9);
  static_assert(CaseKindOf<Lesson>() == CaseRecordKind::kLesson);
}

TEST(CaseRecordsTest, PaymentsAndResolvedStatuses) {
  EXPECT_TRUE(IsPayment(ResponseKind::kCondolencePayment));
  EXPECT_TRUE(IsPayment(ResponseKind::kExGratiaPayment));
  EXPECT_FALSE(IsPayment(ResponseKind::kApology));
  EXPECT_FALSE(IsPayment(ResponseKind::kLivelihoodAssistance));
  EXPECT_FALSE(IsPayment(ResponseKind::kOther));
  for (ResponseStatus s : {ResponseStatus::kPaid, ResponseStatus::kDelivered,
                           ResponseStatus::kDeclined, ResponseStatus::kWithdrawn}) {
    EXPECT_TRUE(IsResolved(s)) << EnumName(s);
  }
  for (ResponseStatus s :
       {ResponseStatus::kProposed, ResponseStatus::kOffered, ResponseStatus::kAccepted}) {
    EXPECT_FALSE(IsResolved(s)) << EnumName(s);
  }
}

// ---- personal data ----------------------------------------------------------------------------

TEST(CaseRecordsTest, PersonalKeysPerKind) {
  const auto keys = [](CaseRecordKind k) {
    const auto span = PersonalKeys(k);
    return std::vector<std::string_view>(span.begin(), span.end());
  };
  EXPECT_THAT(keys(CaseRecordKind::kInvestigation), ElementsAre("witness_details"));
  EXPECT_THAT(keys(CaseRecordKind::kResponse), ElementsAre("recipient"));
  EXPECT_THAT(keys(CaseRecordKind::kConsultation), ElementsAre("participants", "preferences"));
  EXPECT_THAT(keys(CaseRecordKind::kTransition), IsEmpty());
  EXPECT_THAT(keys(CaseRecordKind::kAssessment), IsEmpty());
  EXPECT_THAT(keys(CaseRecordKind::kLesson), IsEmpty());
}

TEST(CaseRecordsTest, PersonalFieldsPresentAreDocumentKeys) {
  for (const CaseRecord& r : FullRecords()) {
    const auto span = PersonalKeys(KindOf(r));
    const std::vector<std::string_view> all(span.begin(), span.end());
    EXPECT_EQ(PersonalFieldsPresent(r), all) << EnumName(KindOf(r));
    // Each personal key is a key of the document.
    const json j = ToJson(r);
    for (std::string_view key : all) {
      EXPECT_TRUE(j.contains(std::string(key))) << key;
    }
  }
  Consultation c = FullConsultation();
  c.participants.clear();
  EXPECT_THAT(PersonalFieldsPresent(c), ElementsAre("preferences"));
}

TEST(CaseRecordsTest, RemovePersonalDataClearsExactlyThePersonalFields) {
  for (const CaseRecord& original : FullRecords()) {
    CaseRecord r = original;
    RemovePersonalData(r);
    EXPECT_THAT(PersonalFieldsPresent(r), IsEmpty());
    // Everything else is untouched: the documents differ by the personal keys only.
    json expected = ToJson(original);
    for (std::string_view key : PersonalKeys(KindOf(original))) {
      expected.erase(std::string(key));
    }
    EXPECT_EQ(ToJson(r), expected) << EnumName(KindOf(original));
  }
  CaseRecord v = FullInvestigation();
  RemovePersonalData(v);
  EXPECT_EQ(std::get<Investigation>(v).witness_details, "");
  EXPECT_EQ(std::get<Investigation>(v).findings, FullInvestigation().findings);
  CaseRecord r = FullResponse();
  RemovePersonalData(r);
  EXPECT_EQ(std::get<Response>(r).recipient, "");
  EXPECT_EQ(std::get<Response>(r).description, FullResponse().description);
  CaseRecord c = FullConsultation();
  RemovePersonalData(c);
  EXPECT_EQ(std::get<Consultation>(c).participants, "");
  EXPECT_EQ(std::get<Consultation>(c).preferences, "");
  EXPECT_EQ(std::get<Consultation>(c).met_by, FullConsultation().met_by);
}

// ---- money ------------------------------------------------------------------------------------

// The thousandths of `text`, or -1 when it is refused.
int64_t Amount(std::string_view text) {
  return Money::ParseAmount(text).value_or(-1);
}

TEST(MoneyTest, ParsesExactDecimals) {
  EXPECT_EQ(Amount("1500"), 1'500'000);
  EXPECT_EQ(Amount("1500.5"), 1'500'500);
  EXPECT_EQ(Amount("1500.50"), 1'500'500);
  EXPECT_EQ(Amount("0.125"), 125);
  EXPECT_EQ(Amount("0.001"), 1);
  EXPECT_EQ(Amount("0"), 0);
  EXPECT_EQ(Amount("999999999999999.999"), 999'999'999'999'999'999);
}

TEST(MoneyTest, RefusesAnythingElse) {
  for (std::string_view bad :
       {"1.2345", "-5", "+5", "1e3", "1E3", "", ".", "1.", ".5", " 1", "1 ", "1,5", "1.2.3", "abc",
        "0x10", "1000000000000000", "1000000000000000.0", "1.0000"}) {
    const auto r = Money::ParseAmount(bad);
    EXPECT_FALSE(r) << "'" << bad << "' gave " << (r ? *r : 0);
    if (!r) {
      EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
    }
  }
}

TEST(MoneyTest, FormatsTwoDecimalsUnlessAThirdIsNeeded) {
  EXPECT_EQ((Money{.thousandths = 1'500'000}.AmountText()), "1500.00");
  EXPECT_EQ((Money{.thousandths = 1'500'500}.AmountText()), "1500.50");
  EXPECT_EQ((Money{.thousandths = 125}.AmountText()), "0.125");
  EXPECT_EQ((Money{.thousandths = 1}.AmountText()), "0.001");
  EXPECT_EQ((Money{.thousandths = 10}.AmountText()), "0.01");
  EXPECT_EQ((Money{.thousandths = 0}.AmountText()), "0.00");
  EXPECT_EQ((Money{.thousandths = 999'999'999'999'999'999}.AmountText()), "999999999999999.999");
  for (int64_t t : {int64_t{1}, int64_t{10}, int64_t{100}, int64_t{1001}, int64_t{123'456'789}}) {
    EXPECT_EQ(Amount(Money{.thousandths = t}.AmountText()), t);
  }
}

// ---- validation -------------------------------------------------------------------------------

TEST(CaseRecordsTest, FullRecordsAreValid) {
  for (const CaseRecord& r : FullRecords()) {
    const Status s = Validate(r);
    EXPECT_TRUE(s.ok()) << EnumName(KindOf(r)) << ": " << s.ToString();
  }
}

TEST(CaseRecordsTest, NeedsAValidIncident) {
  Assessment a = FullAssessment();
  a.meta.incident_id.clear();
  Status s = Validate(a);
  EXPECT_THAT(s.details(), Contains(FieldError{"incident_id", "is required"}));
  a.meta.incident_id = "inc-7";
  s = Validate(a);
  EXPECT_EQ(s.field(), "incident_id");
  EXPECT_THAT(s.message(), HasSubstr("not a record id"));
}

TEST(TransitionTest, Rules) {
  Transition t = FullTransition();
  t.record = "not-an-id";
  EXPECT_THAT(Fields(Validate(t)), ElementsAre("record"));
  t = FullTransition();
  t.note = std::string(kMaxShortText + 1, 'x');
  EXPECT_THAT(Fields(Validate(t)), ElementsAre("note"));
  t.note = "line\nbreak";
  EXPECT_THAT(Fields(Validate(t)), ElementsAre("note"));
  t = FullTransition();
  t.note.clear();
  EXPECT_THAT(Fields(Validate(t)), ElementsAre("note"));  // a reopening says why
  t.step = CaseStep::kStartAssessment;
  t.from = AssessmentStatus::kUnassessed;
  t.to = AssessmentStatus::kAssessing;
  t.record.reset();
  EXPECT_TRUE(Validate(t).ok()) << Validate(t).ToString();
}

TEST(AssessmentTest, NeedsASource) {
  Assessment a = FullAssessment();
  a.reports_considered.clear();
  a.operations_considered.clear();
  a.other_sources.clear();
  const Status s = Validate(a);
  EXPECT_EQ(s.field(), "reports_considered");
  EXPECT_THAT(s.message(), HasSubstr("at least one source"));
  a.other_sources = {"imagery"};
  EXPECT_TRUE(Validate(a).ok());
  a.other_sources = {""};
  EXPECT_THAT(Fields(Validate(a)), ElementsAre("other_sources[0]"));
  a.other_sources = {std::string(kMaxShortText + 1, 'x')};
  EXPECT_THAT(Fields(Validate(a)), ElementsAre("other_sources[0]"));
}

TEST(AssessmentTest, IdsMustBeValid) {
  Assessment a = FullAssessment();
  a.reports_considered[1] = "r-2";
  a.operations_considered[0] = "";
  EXPECT_THAT(Fields(Validate(a)),
              ElementsAre("reports_considered[1]", "operations_considered[0]"));
}

TEST(AssessmentTest, NotCredibleReasonIffNotCredible) {
  Assessment a = FullAssessment();
  a.not_credible_reason = NotCredibleReason::kNoOwnForceActivity;
  EXPECT_THAT(Fields(Validate(a)), ElementsAre("not_credible_reason"));
  a.finding = Finding::kNotCredible;
  EXPECT_TRUE(Validate(a).ok()) << Validate(a).ToString();
  a.not_credible_reason.reset();
  EXPECT_THAT(Fields(Validate(a)), ElementsAre("not_credible_reason"));
}

TEST(AssessmentTest, DuplicateOfIffDuplicate) {
  Assessment a = FullAssessment();
  a.finding = Finding::kDuplicate;
  EXPECT_THAT(Fields(Validate(a)), ElementsAre("duplicate_of"));
  a.duplicate_of = "inc-9";
  EXPECT_THAT(Fields(Validate(a)), ElementsAre("duplicate_of"));
  a.duplicate_of = NewId();
  EXPECT_TRUE(Validate(a).ok()) << Validate(a).ToString();
  a.finding = Finding::kInsufficientInfo;
  EXPECT_THAT(Fields(Validate(a)), ElementsAre("duplicate_of"));
}

TEST(AssessmentTest, ReasoningRequiredUnlessCredible) {
  Assessment a = FullAssessment();
  a.reasoning = "  ";
  EXPECT_TRUE(Validate(a).ok());
  a.finding = Finding::kInsufficientInfo;
  EXPECT_THAT(Fields(Validate(a)), ElementsAre("reasoning"));
  a.reasoning = "only one anonymous report";
  EXPECT_TRUE(Validate(a).ok());
}

TEST(AssessmentTest, CredibleFindingConcedesHarm) {
  Assessment a = FullAssessment();
  a.civilians_killed = {};
  EXPECT_TRUE(Validate(a).ok());
  a.civilians_injured = {};
  EXPECT_THAT(Fields(Validate(a)), ElementsAre("civilians_killed"));
  a.finding = Finding::kInsufficientInfo;
  EXPECT_TRUE(Validate(a).ok());
  a.finding = Finding::kCredible;
  a.civilians_killed = {.min = 4, .max = 2};
  a.civilians_injured = {.min = -1};
  EXPECT_THAT(Fields(Validate(a)), ElementsAre("civilians_killed.max", "civilians_injured.min"));
}

TEST(InvestigationTest, Rules) {
  Investigation v = FullInvestigation();
  v.authority.clear();
  EXPECT_THAT(Fields(Validate(v)), ElementsAre("authority"));
  v.kind = InvestigationKind::kAdministrative;
  EXPECT_TRUE(Validate(v).ok());

  v = FullInvestigation();
  v.inquiries[1].reason.clear();
  v.inquiries[0].summary = std::string(kMaxLongText + 1, 'x');
  EXPECT_THAT(Fields(Validate(v)), ElementsAre("inquiries[0].summary", "inquiries[1].reason"));

  v = FullInvestigation();
  v.causes[1].detail = "";
  EXPECT_THAT(Fields(Validate(v)), ElementsAre("causes[1].detail"));

  v = FullInvestigation();
  v.findings = std::string(kMaxLongText + 1, 'x');
  v.witness_details = "bad \x01 char";
  v.sources_consulted.push_back(" ");
  EXPECT_THAT(Fields(Validate(v)),
              ElementsAre("sources_consulted[2]", "findings", "witness_details"));

  // Findings and causes are required to complete, which is the service's to check.
  v = FullInvestigation();
  v.findings.clear();
  v.causes.clear();
  EXPECT_TRUE(Validate(v).ok());
}

TEST(ResponseTest, AmountForPaymentsOnly) {
  Response r = FullResponse();
  r.amount.reset();
  EXPECT_THAT(Fields(Validate(r)), ElementsAre("amount"));
  r = FullResponse();
  r.kind = ResponseKind::kMedicalAssistance;
  r.history.back().status = ResponseStatus::kDelivered;
  EXPECT_THAT(Fields(Validate(r)), ElementsAre("amount"));
  r.amount.reset();
  EXPECT_TRUE(Validate(r).ok()) << Validate(r).ToString();
}

TEST(ResponseTest, AmountMustBePositiveInACurrency) {
  Response r = FullResponse();
  for (const char* bad : {"usd", "US", "USDX", "U$D", ""}) {
    r.amount->currency = bad;
    EXPECT_THAT(Fields(Validate(r)), ElementsAre("amount.currency")) << bad;
  }
  r = FullResponse();
  r.amount->thousandths = 0;
  EXPECT_THAT(Fields(Validate(r)), ElementsAre("amount.amount"));
  r.amount->thousandths = -5;
  EXPECT_THAT(Fields(Validate(r)), ElementsAre("amount.amount"));
  r.amount->thousandths = 1;
  EXPECT_TRUE(Validate(r).ok());
}

TEST(ResponseTest, HistoryRules) {
  Response r = FullResponse();
  r.history.clear();
  EXPECT_THAT(Fields(Validate(r)), ElementsAre("history"));

  r = FullResponse();
  r.history[2].status = ResponseStatus::kDelivered;  // a payment is paid
  EXPECT_THAT(Fields(Validate(r)), ElementsAre("history[2].status"));

  r = FullResponse();
  r.kind = ResponseKind::kApology;
  r.amount.reset();
  EXPECT_THAT(Fields(Validate(r)), ElementsAre("history[2].status"));  // an apology is not paid
  r.history[2].status = ResponseStatus::kDelivered;
  EXPECT_TRUE(Validate(r).ok());

  r = FullResponse();
  r.history[2] = {
      .status = ResponseStatus::kDeclined, .on = D("2027-03-10"), .by = "x", .note = ""};
  EXPECT_THAT(Fields(Validate(r)), ElementsAre("history[2].note"));
  r.history[2].status = ResponseStatus::kWithdrawn;
  EXPECT_THAT(Fields(Validate(r)), ElementsAre("history[2].note"));
  r.history[2].note = "the family moved away";
  EXPECT_TRUE(Validate(r).ok());

  r = FullResponse();
  r.history[2].on = D("2027-01-31");
  const Status s = Validate(r);
  EXPECT_THAT(Fields(s), ElementsAre("history[2].on"));
  r.history[2].on = r.history[1].on;  // the same day is fine
  EXPECT_TRUE(Validate(r).ok());
}

TEST(ResponseTest, VictimIdsAndPublicity) {
  Response r = FullResponse();
  r.victim_ids.push_back("v-1");
  EXPECT_THAT(Fields(Validate(r)), ElementsAre("victim_ids[2]"));
  r = FullResponse();
  r.is_public = true;
  EXPECT_THAT(Fields(Validate(r)), ElementsAre("is_public"));
  r.kind = ResponseKind::kAcknowledgment;
  r.amount.reset();
  r.history.back().status = ResponseStatus::kDelivered;
  EXPECT_TRUE(Validate(r).ok()) << Validate(r).ToString();
  r.kind = ResponseKind::kApology;
  EXPECT_TRUE(Validate(r).ok());
}

TEST(ConsultationTest, Rules) {
  Consultation c = FullConsultation();
  c.language = "";
  c.met_by = " ";
  EXPECT_THAT(Fields(Validate(c)), ElementsAre("language", "met_by"));
  c = FullConsultation();
  c.preferences = std::string(kMaxLongText + 1, 'x');
  c.language = std::string(kMaxShortText + 1, 'x');
  EXPECT_THAT(Fields(Validate(c)), ElementsAre("language", "preferences"));
}

TEST(LessonTest, Rules) {
  Lesson l = FullLesson();
  l.cause.detail.clear();
  l.recommendation.clear();
  l.owner.clear();
  EXPECT_THAT(Fields(Validate(l)), ElementsAre("cause.detail", "recommendation", "owner"));
  l = FullLesson();
  l.cause = {.kind = CauseKind::kCdeError, .detail = ""};
  EXPECT_TRUE(Validate(l).ok());

  l = FullLesson();
  l.history.clear();
  EXPECT_THAT(Fields(Validate(l)), ElementsAre("history"));
  l = FullLesson();
  l.history[1] = {.status = LessonStatus::kRejected, .on = D("2027-02-15"), .by = "j3", .note = ""};
  EXPECT_THAT(Fields(Validate(l)), ElementsAre("history[1].note"));
  l.history[1].note = "imagery not available at night";
  EXPECT_TRUE(Validate(l).ok());
  l.history[1].on = D("2027-01-01");
  EXPECT_THAT(Fields(Validate(l)), ElementsAre("history[1].on"));
}

// ---- JSON -------------------------------------------------------------------------------------

TEST(CaseRecordsJsonTest, RoundTripsEveryKind) {
  for (const CaseRecord& r : FullRecords()) {
    const json j = ToJson(r);
    const auto back = CaseRecordFromJson(j);
    ASSERT_TRUE(back) << EnumName(KindOf(r)) << ": " << back.error().ToString() << "\n"
                      << j.dump(2);
    EXPECT_TRUE(*back == r) << EnumName(KindOf(r)) << "\n" << j.dump(2);
    // And through text, as the store keeps it.
    const auto again = CaseRecordFromJson(json::parse(j.dump()));
    ASSERT_TRUE(again);
    EXPECT_TRUE(*again == r) << EnumName(KindOf(r));
  }
}

TEST(CaseRecordsJsonTest, RoundTripsSparseRecords) {
  Assessment a;
  a.meta.incident_id = NewId();
  a.finding = Finding::kNotCredible;
  a.not_credible_reason = NotCredibleReason::kOther;
  a.other_sources = {"x"};
  a.reasoning = "r";
  Response resp;
  resp.meta.incident_id = NewId();
  resp.kind = ResponseKind::kApology;
  resp.is_public = false;
  Investigation v;
  v.meta.incident_id = NewId();
  Lesson l;
  l.meta.incident_id = NewId();
  for (const CaseRecord& r : std::vector<CaseRecord>{a, resp, v, l, Consultation{}, Transition{}}) {
    const auto back = CaseRecordFromJson(ToJson(r));
    ASSERT_TRUE(back) << back.error().ToString();
    EXPECT_TRUE(*back == r) << ToJson(r).dump();
  }
}

TEST(CaseRecordsJsonTest, WritesTheDocumentShape) {
  const Response r = FullResponse();
  json j = ToJson(r);
  EXPECT_EQ(j["kind"], "response");
  EXPECT_EQ(j["id"], r.meta.id);
  EXPECT_EQ(j["incident_id"], r.meta.incident_id);
  EXPECT_EQ(j["version"], 3);
  EXPECT_EQ(j["created_by"], "amira");
  EXPECT_EQ(j["created_at"], "2026-11-20T10:00:00Z");
  EXPECT_EQ(j["updated_by"], "jonas");
  EXPECT_EQ(j["response_kind"], "condolence_payment");
  EXPECT_EQ(j["amount"], (json{{"amount", "1500.50"}, {"currency", "USD"}}));
  EXPECT_EQ(j["status"], "paid");
  EXPECT_EQ(j["history"][0], (json{{"status", "proposed"}, {"on", "2027-02-01"}, {"by", "amira"}}));
  EXPECT_FALSE(j.contains("is_public"));  // said of acknowledgments and apologies only

  json inv = ToJson(FullInvestigation());
  EXPECT_EQ(inv["kind"], "investigation");
  EXPECT_EQ(inv["investigation_kind"], "criminal_referral");
  EXPECT_EQ(inv["led_by_unit_chain_of_command"], false);
  EXPECT_EQ(inv["completed_on"], "2027-01-15");
  EXPECT_EQ(inv["inquiries"][1], (json{{"kind", "site_visit"},
                                       {"outcome", "not_possible"},
                                       {"reason", "area not accessible"}}));

  // Unset meta and empty fields are left out.
  Assessment a;
  a.finding = Finding::kCredible;
  const json aj = ToJson(a);
  EXPECT_EQ(aj, (json{{"kind", "assessment"},
                      {"standard", "more_likely_than_not"},
                      {"finding", "credible"}}));
}

TEST(CaseRecordsJsonTest, StoredDocumentNeedsAKnownKind) {
  json j = ToJson(FullLesson());
  j.erase("kind");
  auto r = CaseRecordFromJson(j);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field(), "kind");
  j["kind"] = "memo";
  r = CaseRecordFromJson(j);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field(), "kind");
  EXPECT_THAT(r.error().message(), HasSubstr("one of: transition"));
  EXPECT_FALSE(CaseRecordFromJson(json::array()));
}

TEST(CaseRecordsJsonTest, RefusesUnknownKeysWithTheirPaths) {
  json j = ToJson(FullResponse());
  j["recipent"] = "typo";
  j["history"][1]["date"] = "2027-02-01";
  j["amount"]["value"] = 3;
  const auto r = CaseRecordFromJson(j);
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().details(), Contains(FieldError{"recipent", "is not a known field"}));
  EXPECT_THAT(r.error().details(), Contains(FieldError{"history[1].date", "is not a known field"}));
  EXPECT_THAT(r.error().details(), Contains(FieldError{"amount.value", "is not a known field"}));

  json l = ToJson(FullLesson());
  l["cause"]["why"] = "x";
  const auto lr = CaseRecordFromJson(l);
  ASSERT_FALSE(lr);
  EXPECT_THAT(Fields(lr.error()), ElementsAre("cause.why"));

  json v = ToJson(FullInvestigation());
  v["inquiries"][0]["who"] = "x";
  v["causes"][1]["note"] = "x";
  const auto vr = CaseRecordFromJson(v);
  ASSERT_FALSE(vr);
  EXPECT_THAT(Fields(vr.error()), ElementsAre("inquiries[0].who", "causes[1].note"));
}

TEST(CaseRecordsJsonTest, RefusesWrongTypesAndValues) {
  json j = ToJson(FullAssessment());
  j["finding"] = "probable";
  j["reports_considered"][0] = "r-1";
  j["civilians_killed"]["min"] = 1.5;
  j["duplicate_of"] = "x";
  const auto r = CaseRecordFromJson(j);
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().details(), HasField("finding"));
  EXPECT_THAT(r.error().details(), HasField("reports_considered[0]"));
  EXPECT_THAT(r.error().details(), HasField("civilians_killed.min"));
  EXPECT_THAT(r.error().details(), HasField("duplicate_of"));

  json c = ToJson(FullConsultation());
  c["preferred_responses"][1] = "cash";
  c["held_on"] = "2027-02-30";
  const auto cr = CaseRecordFromJson(c);
  ASSERT_FALSE(cr);
  EXPECT_THAT(Fields(cr.error()), ElementsAre("held_on", "preferred_responses[1]"));

  json t = ToJson(FullTransition());
  t.erase("step");
  const auto tr = CaseRecordFromJson(t);
  ASSERT_FALSE(tr);
  EXPECT_THAT(tr.error().details(), Contains(FieldError{"step", "is required"}));
}

TEST(CaseRecordsJsonTest, AmountIsExactText) {
  json j = ToJson(FullResponse());
  j["amount"]["amount"] = "1500.5";
  auto r = CaseRecordFromJson(j);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(std::get<Response>(*r).amount->thousandths, 1'500'500);

  j["amount"]["amount"] = 2000;  // a whole number is exact
  r = CaseRecordFromJson(j);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(std::get<Response>(*r).amount->thousandths, 2'000'000);

  for (const json& bad : {json(1500.5), json(2000.0), json("1.2345"), json("1e3"), json("-5"),
                          json(true), json(1'000'000'000'000'000)}) {
    j["amount"]["amount"] = bad;
    r = CaseRecordFromJson(j);
    EXPECT_FALSE(r) << bad.dump();
    if (!r) {
      EXPECT_THAT(Fields(r.error()), ElementsAre("amount.amount")) << bad.dump();
    }
  }
  j["amount"] = {{"amount", "10"}};
  r = CaseRecordFromJson(j);
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().details(), Contains(FieldError{"amount.currency", "is required"}));
}

TEST(CaseRecordsJsonTest, DerivedStatusMustMatchTheHistory) {
  json j = ToJson(FullResponse());
  j["status"] = "offered";
  auto r = CaseRecordFromJson(j);
  ASSERT_FALSE(r);
  EXPECT_THAT(Fields(r.error()), ElementsAre("status"));
  j.erase("status");  // optional on reading
  EXPECT_TRUE(CaseRecordFromJson(j));

  json l = ToJson(FullLesson());
  EXPECT_EQ(l["status"], "accepted");
  l["status"] = "implemented";
  const auto lr = CaseRecordFromJson(l);
  ASSERT_FALSE(lr);
  EXPECT_THAT(Fields(lr.error()), ElementsAre("status"));
}

// The document of a record without its meta: what a client sends.
json RequestBody(const CaseRecord& r) {
  json j = ToJson(r);
  for (const char* key :
       {"kind", "id", "version", "created_by", "created_at", "updated_by", "updated_at"}) {
    j.erase(key);
  }
  return j;
}

TEST(CaseRecordsJsonTest, ReadsRequestBodies) {
  for (const CaseRecord& r : FullRecords()) {
    const auto back = CaseRecordFromJson(KindOf(r), RequestBody(r));
    ASSERT_TRUE(back) << EnumName(KindOf(r)) << ": " << back.error().ToString();
    CaseRecord expected = r;
    const Id incident = MetaOf(r).incident_id;
    MetaOf(expected) = CaseMeta{};
    MetaOf(expected).incident_id = incident;  // the incident is the client's to name
    EXPECT_TRUE(*back == expected) << EnumName(KindOf(r));
  }
  // "kind" may be given when it matches.
  json j = RequestBody(FullLesson());
  j["kind"] = "lesson";
  EXPECT_TRUE(CaseRecordFromJson(CaseRecordKind::kLesson, j));
  j["kind"] = "response";
  const auto r = CaseRecordFromJson(CaseRecordKind::kLesson, j);
  ASSERT_FALSE(r);
  EXPECT_THAT(Fields(r.error()), ElementsAre("kind"));
}

TEST(CaseRecordsJsonTest, RequestBodiesMayNotSetTheMeta) {
  const json stored = ToJson(FullConsultation());
  const auto r = CaseRecordFromJson(CaseRecordKind::kConsultation, stored);
  ASSERT_FALSE(r);
  for (const char* key :
       {"id", "version", "created_by", "created_at", "updated_by", "updated_at"}) {
    EXPECT_THAT(r.error().details(), Contains(FieldError{key, "is civharm's to set"})) << key;
  }
  EXPECT_THAT(r.error().details(), Not(HasField("incident_id")));
  EXPECT_THAT(r.error().details(), Not(HasField("kind")));
  EXPECT_EQ(r.error().details().size(), 6u);

  json body = RequestBody(FullConsultation());
  body["incident_id"] = "inc-1";
  const auto bad = CaseRecordFromJson(CaseRecordKind::kConsultation, body);
  ASSERT_FALSE(bad);
  EXPECT_THAT(Fields(bad.error()), ElementsAre("incident_id"));

  body = RequestBody(FullConsultation());
  body["stray"] = 1;
  const auto stray = CaseRecordFromJson(CaseRecordKind::kConsultation, body);
  ASSERT_FALSE(stray);
  EXPECT_THAT(stray.error().details(), ElementsAre(FieldError{"stray", "is not a known field"}));
}

}  // namespace
}  // namespace civharm
