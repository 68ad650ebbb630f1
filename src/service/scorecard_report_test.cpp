#include "service/scorecard_report.h"

#include <algorithm>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "report/report.h"
#include "service/sitrep.h"

namespace civharm::service {
namespace {

using analytics::EvidenceMetric;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr Level kL = Level::kLeader, kEL = Level::kEmergingLeader, kE = Level::kEngaged,
                kU = Level::kUncommitted, kR = Level::kRegressive;

// The 23 indicators of the built-in edition, and levels worked by hand under mean_half_up:
// categories Leader, Engaged, Engaged, Uncommitted, Uncommitted.
const std::vector<std::string> kIds = {"1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4",
                                       "3.1", "3.2", "3.3", "3.4", "3.5", "4.1", "4.2", "4.3",
                                       "4.4", "4.5", "5.1", "5.2", "5.3", "5.4", "5.5"};
const std::vector<Level> kLevels = {kL, kL, kEL, kEL, kEL, kE, kE, kE, kE, kE, kE, kE,
                                    kE, kU, kU,  kU,  kU,  kU, kR, kU, kE, kU, kU};
const std::string kRecordId = "0190d1c2-7a3b-7cde-8f01-23456789abcd";
const std::string kCategoryReason = "disclosure improved late in the year";
const std::string kOverallReason = "the panel's judgment";

// Every indicator scored, category 4 (computed Uncommitted) and the whole (computed Engaged)
// overridden, and evidence of each kind: a document (1.1), a link (2.1), a record (3.1).
StateAssessment Utopia(ScoreStatus status) {
  StateAssessment a;
  a.id = "01890a5d-ac96-774b-bcce-b302099a8057";
  a.version = 3;
  a.state = "Utopia";
  a.force = "Utopian Armed Forces";
  a.period = {.from = *Date::Parse("2024-01-01"), .to = *Date::Parse("2024-12-31")};
  a.edition = "cpm-2025-04";
  for (size_t i = 0; i < kIds.size(); ++i) {
    a.indicators.push_back(
        {.indicator_id = kIds[i], .level = kLevels[i], .rationale = "because of " + kIds[i]});
  }
  a.indicators[0].evidence = {{.kind = EvidenceKind::kDocument,
                               .title = "National policy on civilian harm",
                               .url = "https://example.org/policy.pdf",
                               .note = "section 4"}};
  a.indicators[4].evidence = {{.kind = EvidenceKind::kLink,
                               .title = "Tracking cell announced",
                               .url = "https://example.org/cell"}};
  a.indicators[8].evidence = {{.kind = EvidenceKind::kRecord,
                               .title = "The market strike",
                               .record_kind = EvidenceRecordKind::kIncident,
                               .record_id = kRecordId}};
  a.category_overrides[4] = {.level = kE, .reason = kCategoryReason};
  a.overall_override = LevelOverride{.level = kEL, .reason = kOverallReason};
  a.assessor = "amina";
  a.status = status;
  if (status != ScoreStatus::kDraft) a.reviewer = "boris";
  a.created_at = *Timestamp::Parse("2025-02-01T09:00:00Z");
  a.updated_at = *Timestamp::Parse("2025-02-03T09:00:00Z");
  if (status == ScoreStatus::kPublished) a.published_at = *Timestamp::Parse("2025-03-01T09:00:00Z");
  return a;
}

// Evidence of Utopia's forces over 2024, shown with a threshold of `k`.
AssessmentEvidence FromRecords(int64_t k) {
  AssessmentEvidence e{
      .force = "Utopian Armed Forces",
      .period = {.from = *Date::Parse("2024-01-01"), .to = *Date::Parse("2024-12-31")},
      .allegations = 40,
      .suppress_below = k};
  e.items = {
      {.metric = EvidenceMetric::kAssessed, .with = 3, .of = 40, .ids_with = {"INC-SECRET-1"}},
      {.metric = EvidenceMetric::kDaysToAssessment, .with = 3, .of = 3, .median_days = 9},
      {.metric = EvidenceMetric::kInvestigated, .with = 12, .of = 20},
      {.metric = EvidenceMetric::kDaysToPublication, .with = 10, .of = 12, .median_days = 21},
  };
  return e;
}

// Every text a reader can see: the document's and the workbook's.
std::vector<std::string> Texts(const ScorecardDocument& d) {
  std::vector<std::string> out = {d.document.title, d.document.subtitle};
  for (const report::Block& block : d.document.blocks) {
    if (const auto* h = std::get_if<report::Heading>(&block)) out.push_back(h->text);
    if (const auto* p = std::get_if<report::Paragraph>(&block)) out.push_back(p->text);
    if (const auto* k = std::get_if<report::KeyFigures>(&block)) {
      for (const report::KeyFigure& f : k->figures)
        out.insert(out.end(), {f.label, f.value, f.note});
    }
    if (const auto* t = std::get_if<report::Table>(&block)) {
      out.insert(out.end(), {t->caption, t->footnote});
      for (const report::Column& c : t->columns) out.push_back(c.label);
      for (const auto& row : t->rows) out.insert(out.end(), row.begin(), row.end());
    }
  }
  for (const io::TableSheet& s : d.tables) {
    out.insert(out.end(), {s.name, s.note});
    out.insert(out.end(), s.columns.begin(), s.columns.end());
    for (const auto& row : s.rows) {
      for (const io::TableCell& cell : row) {
        if (const auto* text = std::get_if<std::string>(&cell)) out.push_back(*text);
      }
    }
  }
  return out;
}

bool Mentions(const ScorecardDocument& d, std::string_view needle) {
  const std::vector<std::string> texts = Texts(d);
  return std::any_of(texts.begin(), texts.end(),
                     [&](const std::string& t) { return t.find(needle) != std::string::npos; });
}

// The key figures of every row, in order.
std::vector<report::KeyFigure> FiguresOf(const report::Document& d) {
  std::vector<report::KeyFigure> out;
  for (const report::Block& b : d.blocks) {
    if (const auto* k = std::get_if<report::KeyFigures>(&b)) {
      out.insert(out.end(), k->figures.begin(), k->figures.end());
    }
  }
  return out;
}

std::vector<const report::Table*> TablesCaptioned(const report::Document& d,
                                                  std::string_view caption) {
  std::vector<const report::Table*> out;
  for (const report::Block& b : d.blocks) {
    const auto* t = std::get_if<report::Table>(&b);
    if (t && t->caption.starts_with(caption)) out.push_back(t);
  }
  return out;
}

// The row of `table` whose first cell is `key`; empty when none is.
std::vector<std::string> Row(const report::Table& table, std::string_view key) {
  for (const auto& row : table.rows) {
    if (!row.empty() && row[0] == key) return row;
  }
  return {};
}

const io::TableSheet* Sheet(const ScorecardDocument& d, std::string_view name) {
  for (const io::TableSheet& s : d.tables) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

// The first block of `kind` after the heading reading `heading`.
template <typename Kind>
const Kind* After(const report::Document& d, std::string_view heading) {
  bool seen = false;
  for (const report::Block& b : d.blocks) {
    const auto* h = std::get_if<report::Heading>(&b);
    if (h && h->text == heading) seen = true;
    const auto* k = std::get_if<Kind>(&b);
    if (seen && k) return k;
  }
  return nullptr;
}

class ScorecardReportTest : public ::testing::Test {
 protected:
  Result<ScorecardDocument> Build(const StateAssessment& a, bool is_public,
                                  const std::string& language = "en",
                                  const AssessmentEvidence* evidence = nullptr) {
    auto card = ScoreOf(a, fw_);
    EXPECT_TRUE(card) << card.error().ToString();
    card_ = card.value_or(Scorecard{});
    roadmap_ = RoadmapOf(a, fw_);
    return BuildScorecard({.framework = fw_,
                           .assessment = a,
                           .card = card_,
                           .roadmap = roadmap_,
                           .evidence = evidence,
                           .is_public = is_public,
                           .language = language});
  }

  const Framework fw_ = DefaultFramework();
  Scorecard card_;
  std::vector<RoadmapStep> roadmap_;
};

TEST_F(ScorecardReportTest, KeyFiguresGiveEachCategoryAndTheOverallLevelWithOverrides) {
  const auto doc = Build(Utopia(ScoreStatus::kPublished), false);
  ASSERT_TRUE(doc) << doc.error().ToString();
  const std::vector<report::KeyFigure> figures = FiguresOf(doc->document);
  ASSERT_EQ(figures.size(), 7u) << "overall, indicators scored, five categories";
  const report::KeyFigure& overall = figures[0];
  EXPECT_EQ(overall.label, "Overall level");
  EXPECT_EQ(overall.value, "Emerging Leader");
  EXPECT_EQ(overall.note, "overridden; computed: Engaged. Reason: " + kOverallReason);
  EXPECT_EQ(figures[1].value, "23 of 23");
  std::vector<std::string> levels;
  for (size_t i = 2; i < figures.size(); ++i) levels.push_back(figures[i].value);
  EXPECT_THAT(levels, ElementsAre("Leader", "Engaged", "Engaged", "Engaged", "Uncommitted"));
  EXPECT_EQ(figures[2].label, "1 " + fw_.categories[0].name);
  EXPECT_EQ(figures[2].note, "");
  EXPECT_EQ(figures[5].note, "overridden; computed: Uncommitted. Reason: " + kCategoryReason);

  // The category's own section says so too, under its description.
  const std::string four = "4 " + fw_.categories[3].name;
  const auto* paragraph = After<report::Paragraph>(doc->document, four);
  ASSERT_NE(paragraph, nullptr);
  EXPECT_THAT(paragraph->text, StartsWith(fw_.categories[3].description));
  EXPECT_THAT(paragraph->text, HasSubstr("Level: Engaged — overridden; computed: Uncommitted"));

  const io::TableSheet* categories = Sheet(*doc, "Categories");
  ASSERT_NE(categories, nullptr);
  ASSERT_EQ(categories->rows.size(), 6u);
  EXPECT_EQ(categories->rows[3],
            (std::vector<io::TableCell>{std::string("4"), fw_.categories[3].name,
                                        std::string("uncommitted"), std::string("engaged"),
                                        std::string("yes"), kCategoryReason}));
  EXPECT_EQ(categories->rows[0][4], io::TableCell(std::string("no")));
  EXPECT_EQ(categories->rows[0][5], io::TableCell());
  EXPECT_EQ(categories->rows[5],
            (std::vector<io::TableCell>{std::string("overall"), std::string("Overall"),
                                        std::string("engaged"), std::string("emerging_leader"),
                                        std::string("yes"), kOverallReason}));
}

TEST_F(ScorecardReportTest, IndicatorTablesHoldEveryIndicatorWithItsLevelAndRationale) {
  const auto doc = Build(Utopia(ScoreStatus::kPublished), false);
  ASSERT_TRUE(doc) << doc.error().ToString();
  const auto tables = TablesCaptioned(doc->document, "Indicators");
  ASSERT_EQ(tables.size(), 5u);
  size_t rows = 0;
  for (const report::Table* t : tables) rows += t->rows.size();
  EXPECT_EQ(rows, 23u);
  EXPECT_THAT(Row(*tables[0], "1.3"), ElementsAre("1.3", "Clear implementation guidance",
                                                  "Emerging Leader", "because of 1.3"));
  EXPECT_THAT(Row(*tables[4], "5.1"), ElementsAre("5.1", fw_.categories[4].indicators[0].name,
                                                  "Regressive", "because of 5.1"));

  const io::TableSheet* sheet = Sheet(*doc, "Indicators");
  ASSERT_NE(sheet, nullptr);
  ASSERT_EQ(sheet->rows.size(), 23u);
  EXPECT_EQ(sheet->rows[0],
            (std::vector<io::TableCell>{
                int64_t{1}, std::string("1.1"), std::string("National policy framework"),
                std::string("leader"), std::string("because of 1.1"), int64_t{1}}));
  EXPECT_EQ(sheet->rows[1][5], io::TableCell(int64_t{0}));
}

TEST_F(ScorecardReportTest, CitesEvidenceOfEachKindBesideItsIndicator) {
  const auto doc = Build(Utopia(ScoreStatus::kPublished), false);
  ASSERT_TRUE(doc) << doc.error().ToString();
  const auto* one = After<report::Paragraph>(doc->document, "Evidence cited");
  ASSERT_NE(one, nullptr);
  EXPECT_EQ(one->text,
            "1.1 National policy framework\n• Document: National policy on civilian harm — "
            "https://example.org/policy.pdf — section 4");
  EXPECT_TRUE(Mentions(*doc, "• Link: Tracking cell announced — https://example.org/cell"));
  EXPECT_TRUE(Mentions(*doc, "• incident " + kRecordId + ": The market strike"));
}

TEST_F(ScorecardReportTest, PublicScorecardNamesNoRecordIdAssessorOrReviewer) {
  const AssessmentEvidence evidence = FromRecords(0);
  const StateAssessment a = Utopia(ScoreStatus::kPublished);
  const auto internal = Build(a, false, "en", &evidence);
  ASSERT_TRUE(internal) << internal.error().ToString();
  EXPECT_TRUE(Mentions(*internal, kRecordId));
  EXPECT_TRUE(Mentions(*internal, "Assessor: amina"));
  EXPECT_TRUE(Mentions(*internal, "Reviewer: boris"));

  const auto published = Build(a, true, "en", &evidence);
  ASSERT_TRUE(published) << published.error().ToString();
  EXPECT_FALSE(Mentions(*published, kRecordId));
  EXPECT_FALSE(Mentions(*published, "amina"));
  EXPECT_FALSE(Mentions(*published, "boris"));
  EXPECT_TRUE(Mentions(*published, "• incident kept in civharm: The market strike"));
  // The incidents behind civharm's figures are never listed, public or not.
  EXPECT_FALSE(Mentions(*internal, "INC-SECRET-1"));
  EXPECT_FALSE(Mentions(*published, "INC-SECRET-1"));
}

TEST_F(ScorecardReportTest, SaysWhenItIsNotPublished) {
  const auto draft = Build(Utopia(ScoreStatus::kDraft), false);
  ASSERT_TRUE(draft) << draft.error().ToString();
  EXPECT_EQ(draft->document.title, "Utopia — leadership framework scorecard");
  EXPECT_EQ(draft->document.subtitle, "2024-01-01 to 2024-12-31 · edition cpm-2025-04 · draft");
  EXPECT_TRUE(Mentions(*draft, "Draft: this scorecard is not published"));
  EXPECT_TRUE(Mentions(*draft, "Reviewer: none yet"));

  const auto review = Build(Utopia(ScoreStatus::kUnderReview), false);
  ASSERT_TRUE(review) << review.error().ToString();
  EXPECT_THAT(review->document.subtitle, HasSubstr("· under review"));
  EXPECT_TRUE(Mentions(*review, "Under review: this scorecard is not published"));

  const auto published = Build(Utopia(ScoreStatus::kPublished), true);
  ASSERT_TRUE(published) << published.error().ToString();
  EXPECT_FALSE(Mentions(*published, "not published"));
  EXPECT_TRUE(Mentions(*published, "Published on 2025-03-01."));
}

TEST_F(ScorecardReportTest, ShowsUnscoredIndicatorsOfADraft) {
  StateAssessment a = Utopia(ScoreStatus::kDraft);
  a.indicators.resize(4);  // category 1 only
  a.category_overrides.clear();
  a.overall_override.reset();
  const auto doc = Build(a, false);
  ASSERT_TRUE(doc) << doc.error().ToString();
  const std::vector<report::KeyFigure> figures = FiguresOf(doc->document);
  ASSERT_EQ(figures.size(), 7u);
  EXPECT_EQ(figures[1].value, "4 of 23");
  EXPECT_EQ(figures[3].value, "not scored");
  const auto tables = TablesCaptioned(doc->document, "Indicators");
  ASSERT_EQ(tables.size(), 5u);
  EXPECT_THAT(Row(*tables[1], "2.1"), ElementsAre("2.1", "Tracking mechanism", "not scored", ""));
}

TEST_F(ScorecardReportTest, EvidenceFromRecordsSuppressesSmallCountsAndWithholdsTheirShares) {
  const AssessmentEvidence evidence = FromRecords(5);
  const auto doc = Build(Utopia(ScoreStatus::kPublished), true, "en", &evidence);
  ASSERT_TRUE(doc) << doc.error().ToString();
  const auto* scope = After<report::Paragraph>(doc->document, "Evidence from civharm's records");
  ASSERT_NE(scope, nullptr);
  EXPECT_THAT(scope->text, HasSubstr("Incidents naming Utopian Armed Forces whose dates overlap "
                                     "the period 2024-01-01 to 2024-12-31: 40 allegations"));
  EXPECT_THAT(scope->text, HasSubstr("Counts from 1 to 4 are shown as <5"));

  const auto* table = After<report::Table>(doc->document, "Evidence from civharm's records");
  ASSERT_NE(table, nullptr);
  const std::string assessed(analytics::MetricDescription(EvidenceMetric::kAssessed));
  const std::string days(analytics::MetricDescription(EvidenceMetric::kDaysToAssessment));
  const std::string investigated(analytics::MetricDescription(EvidenceMetric::kInvestigated));
  const std::string published(analytics::MetricDescription(EvidenceMetric::kDaysToPublication));
  EXPECT_THAT(Row(*table, assessed), ElementsAre(assessed, "2.1", "<5 of 40 (share withheld)"));
  EXPECT_THAT(Row(*table, days), ElementsAre(days, "2.1", "withheld (over <5 findings)"));
  EXPECT_THAT(Row(*table, investigated), ElementsAre(investigated, "3.1", "12 of 20 (60.0%)"));
  EXPECT_THAT(Row(*table, published), ElementsAre(published, "4.4", "21 days (over 10 findings)"));
  EXPECT_FALSE(Mentions(*doc, "7.5")) << "the share of 3 in 40 is withheld";
  EXPECT_FALSE(Mentions(*doc, "9 days")) << "the median of 3 findings is withheld";

  // Beside the indicators they inform: 2.1's figures in category 2's section.
  const auto beside = TablesCaptioned(doc->document, "From civharm's records");
  ASSERT_EQ(beside.size(), 3u) << "categories 2, 3 and 4";
  EXPECT_THAT(beside[0]->rows,
              ElementsAre(ElementsAre("2.1", assessed, "<5 of 40 (share withheld)"),
                          ElementsAre("2.1", days, "withheld (over <5 findings)")));

  const io::TableSheet* sheet = Sheet(*doc, "Evidence");
  ASSERT_NE(sheet, nullptr);
  ASSERT_EQ(sheet->rows.size(), 4u);
  EXPECT_EQ(sheet->rows[0], (std::vector<io::TableCell>{
                                std::string("assessed"), assessed, std::string("2.1"),
                                io::TableCell(), int64_t{40}, io::TableCell(), io::TableCell()}));
  EXPECT_EQ(sheet->rows[1][6], io::TableCell()) << "the median of 3 findings";
  EXPECT_EQ(sheet->rows[2][5], io::TableCell(0.6));
  EXPECT_EQ(sheet->rows[3][6], io::TableCell(int64_t{21}));
  EXPECT_THAT(sheet->note, HasSubstr("left empty"));

  // Without a threshold, every figure is shown.
  const AssessmentEvidence open = FromRecords(0);
  const auto internal = Build(Utopia(ScoreStatus::kPublished), false, "en", &open);
  ASSERT_TRUE(internal);
  EXPECT_TRUE(Mentions(*internal, "3 of 40 (7.5%)"));
  EXPECT_TRUE(Mentions(*internal, "9 days (over 3 findings)"));
}

TEST_F(ScorecardReportTest, RoadmapNamesCurrentAndNextLevelsInTheFrameworksWords) {
  const auto doc = Build(Utopia(ScoreStatus::kPublished), false);
  ASSERT_TRUE(doc) << doc.error().ToString();
  const Category& four = fw_.categories[3];
  // After the roadmap heading, category 4's table: the category at its effective level.
  bool roadmap = false;
  const report::Table* table = nullptr;
  for (const report::Block& b : doc->document.blocks) {
    const auto* h = std::get_if<report::Heading>(&b);
    if (h && h->text == "Roadmap") roadmap = true;
    const auto* t = std::get_if<report::Table>(&b);
    if (roadmap && t && !Row(*t, "4").empty()) table = t;
  }
  ASSERT_NE(table, nullptr);
  EXPECT_THAT(Row(*table, "4"), ElementsAre("4", four.name, "Engaged\n" + four.levels[kE],
                                            "Emerging Leader\n" + four.levels[kEL]));
  // 4.1 (Uncommitted) is read against the category's words at its own level; words shown in a
  // row above are referred to, not repeated.
  EXPECT_THAT(Row(*table, "4.1"),
              ElementsAre("4.1", four.indicators[0].name, "Uncommitted\n" + four.levels[kU],
                          "Engaged\n(as for 4)"));
  EXPECT_THAT(Row(*table, "4.2"), ElementsAre("4.2", four.indicators[1].name,
                                              "Uncommitted\n(as for 4.1)", "Engaged\n(as for 4)"));
  EXPECT_EQ(table->rows.size(), 6u);
  EXPECT_FALSE(table->footnote.empty());

  const io::TableSheet* sheet = Sheet(*doc, "Roadmap");
  ASSERT_NE(sheet, nullptr);
  ASSERT_EQ(sheet->rows.size(), roadmap_.size());
  EXPECT_EQ(sheet->rows[0][0], io::TableCell(std::string("1")));
  EXPECT_EQ(sheet->rows[0][2], io::TableCell(std::string("leader")));
  EXPECT_EQ(sheet->rows[0][4], io::TableCell()) << "Leader has no next level";
  EXPECT_EQ(sheet->rows[0][7], io::TableCell(roadmap_[0].gap));
  EXPECT_TRUE(Mentions(*doc, "none: this is the highest level"));
}

TEST_F(ScorecardReportTest, MethodNamesTheRuleAndThatOverridesNeedAReason) {
  const auto doc = Build(Utopia(ScoreStatus::kPublished), true);
  ASSERT_TRUE(doc) << doc.error().ToString();
  const auto* method = After<report::Paragraph>(doc->document, "Method");
  ASSERT_NE(method, nullptr);
  EXPECT_THAT(method->text, HasSubstr("by the rule mean_half_up (the mean score, a half rounded "
                                      "up)"));
  EXPECT_THAT(method->text, HasSubstr("overridden only with a reason"));
  EXPECT_THAT(method->text, HasSubstr("edition cpm-2025-04"));
}

TEST_F(ScorecardReportTest, BuildsInFrenchAndArabicAndRefusesOtherLanguages) {
  const AssessmentEvidence evidence = FromRecords(5);
  const StateAssessment a = Utopia(ScoreStatus::kPublished);
  const auto fr = Build(a, false, "fr", &evidence);
  ASSERT_TRUE(fr) << fr.error().ToString();
  EXPECT_EQ(fr->document.title, "Utopia — fiche d'évaluation du cadre de leadership");
  EXPECT_EQ(fr->document.language, "fr");
  const std::vector<report::KeyFigure> figures = FiguresOf(fr->document);
  ASSERT_EQ(figures.size(), 7u);
  EXPECT_EQ(figures[0].label, "Niveau global");
  EXPECT_EQ(figures[0].value, "Emerging Leader") << "the framework's level titles";
  EXPECT_THAT(figures[0].note, HasSubstr("calculé : Engaged"));
  EXPECT_TRUE(Mentions(*fr, "12 sur 20 (60,0 %)"));
  EXPECT_TRUE(Mentions(*fr, "<5 sur 40 (part non donnée)"));

  const auto ar = Build(a, true, "ar", &evidence);
  ASSERT_TRUE(ar) << ar.error().ToString();
  EXPECT_EQ(report::DirectionOf(ar->document), report::Direction::kRtl);
  EXPECT_THAT(ar->document.title, HasSubstr("بطاقة التقييم"));
  EXPECT_TRUE(Mentions(*ar, "المستوى العام"));
  EXPECT_FALSE(Mentions(*ar, kRecordId));
  // The framework's English words keep their own direction in the Arabic scorecard (an isolate),
  // and are left as they are where the document is written left to right.
  const std::string description = fw_.categories[0].description;
  EXPECT_TRUE(Mentions(*ar, "\u2068" + description + "\u2069"));
  EXPECT_FALSE(Mentions(*fr, "\u2068"));
  EXPECT_TRUE(Mentions(*fr, description));

  const auto de = Build(a, false, "de");
  ASSERT_FALSE(de);
  EXPECT_EQ(de.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(de.error().field(), "language");
}

TEST_F(ScorecardReportTest, RendersAsHtmlPdfAndWorkbook) {
  const AssessmentEvidence evidence = FromRecords(5);
  const StateAssessment a = Utopia(ScoreStatus::kPublished);
  for (const char* language : {"en", "fr", "ar"}) {
    SCOPED_TRACE(language);
    const auto doc = Build(a, true, language, &evidence);
    ASSERT_TRUE(doc) << doc.error().ToString();
    std::ostringstream html, pdf, xlsx;
    const Status h = report::RenderHtml(doc->document, html);
    ASSERT_TRUE(h.ok()) << h.ToString();
    EXPECT_THAT(html.str(), HasSubstr("Utopia"));
    EXPECT_THAT(html.str(), HasSubstr("Emerging Leader"));
    const Status p = report::RenderPdf(doc->document, pdf);
    ASSERT_TRUE(p.ok()) << p.ToString();
    EXPECT_EQ(pdf.str().substr(0, 5), "%PDF-");
    const Status x = WriteReport(doc->document, doc->tables, ReportFormat::kXlsx, xlsx);
    ASSERT_TRUE(x.ok()) << x.ToString();
    EXPECT_EQ(xlsx.str().substr(0, 2), "PK");
  }
}

// ---- comparisons ---------------------------------------------------------------------------

TEST(ScorecardComparisonTest, SheetHasAColumnPerAssessmentWithLevelNames) {
  const Framework fw = DefaultFramework();
  StateAssessment next = Utopia(ScoreStatus::kDraft);
  next.period = {.from = *Date::Parse("2025-01-01"), .to = *Date::Parse("2025-12-31")};
  next.indicators.resize(4);  // category 1 only
  for (IndicatorScore& s : next.indicators) s.level = kE;
  next.category_overrides.clear();
  next.overall_override.reset();
  const std::vector<StateAssessment> both = {Utopia(ScoreStatus::kPublished), next};
  const std::vector<ComparisonRow> rows = CompareMany(both, fw);
  const io::TableSheet sheet = ComparisonSheet(both, rows);
  EXPECT_THAT(sheet.columns, ElementsAre("subject", "name", "Utopia 2024-01-01–2024-12-31",
                                         "Utopia 2025-01-01–2025-12-31 (draft)"));
  ASSERT_EQ(sheet.rows.size(), rows.size());
  const auto row = [&](std::string_view subject) {
    for (const auto& r : sheet.rows) {
      if (r[0] == io::TableCell(std::string(subject))) return r;
    }
    ADD_FAILURE() << "no row " << subject;
    return std::vector<io::TableCell>{};
  };
  const io::TableCell none;
  using S = std::string;
  EXPECT_EQ(row("1"),
            (std::vector<io::TableCell>{S("1"), fw.categories[0].name, S("leader"), S("engaged")}));
  EXPECT_EQ(row("2.1"), (std::vector<io::TableCell>{S("2.1"), S("Tracking mechanism"),
                                                    S("emerging_leader"), none}));
  EXPECT_EQ(row("4"),
            (std::vector<io::TableCell>{S("4"), fw.categories[3].name, S("engaged"), none}));
  EXPECT_EQ(row("overall"), (std::vector<io::TableCell>{S("overall"), S("Overall"),
                                                        S("emerging_leader"), S("engaged")}));

  next.status = ScoreStatus::kUnderReview;
  const std::vector<StateAssessment> reviewed = {next};
  EXPECT_EQ(ComparisonSheet(reviewed, CompareMany(reviewed, fw)).columns.back(),
            "Utopia 2025-01-01–2025-12-31 (under review)");
}

TEST(ScorecardComparisonTest, CsvQuotesWhereNeededAndLeavesEmptyCellsEmpty) {
  const io::TableSheet sheet{.name = "Comparison",
                             .columns = {"subject", "name", "Utopia 2024", "Ruritania \"2024\""},
                             .rows = {{std::string("2.1"), std::string("Tracking, and analysis"),
                                       std::string("engaged"), io::TableCell()},
                                      {std::string("overall"), std::string("Overall"),
                                       std::string("leader"), std::string("uncommitted")}}};
  std::ostringstream out;
  ASSERT_TRUE(WriteComparisonCsv(sheet, out).ok());
  EXPECT_EQ(out.str(),
            "subject,name,Utopia 2024,\"Ruritania \"\"2024\"\"\"\n"
            "2.1,\"Tracking, and analysis\",engaged,\n"
            "overall,Overall,leader,uncommitted\n");

  const Framework fw = DefaultFramework();
  const std::vector<StateAssessment> one = {Utopia(ScoreStatus::kPublished)};
  std::ostringstream real;
  ASSERT_TRUE(WriteComparisonCsv(ComparisonSheet(one, CompareMany(one, fw)), real).ok());
  EXPECT_THAT(real.str(), StartsWith("subject,name,Utopia 2024-01-01–2024-12-31\n1,"));
  EXPECT_THAT(real.str(), HasSubstr("\noverall,Overall,emerging_leader\n"));
}

}  // namespace
}  // namespace civharm::service
