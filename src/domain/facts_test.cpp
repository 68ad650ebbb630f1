#include "domain/facts.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/test_fixtures.h"

namespace civharm {
namespace {

using ::testing::Contains;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<FieldError> ProblemsOf(const EventFacts& f) {
  Problems p;
  ValidateFacts(f, "", p);
  return p.list();
}

TEST(FactsTest, SampleIsValid) {
  EXPECT_THAT(ProblemsOf(testing::SampleFacts()), IsEmpty());
}

TEST(FactsTest, RejectsEndDateBeforeStartDate) {
  EventFacts f = testing::SampleFacts();
  f.date.end = f.date.start.AddDays(-1);
  EXPECT_THAT(ProblemsOf(f), Contains(Field(&FieldError::field, "date.end")));
}

TEST(FactsTest, DayPrecisionNeedsASingleDay) {
  EventFacts f = testing::SampleFacts();
  f.date.precision = DatePrecision::kDay;
  EXPECT_THAT(ProblemsOf(f), Contains(Field(&FieldError::message, HasSubstr("'days'"))));
  f.date.end = f.date.start;
  EXPECT_THAT(ProblemsOf(f), IsEmpty());
}

TEST(FactsTest, RejectsCoordinatesOutOfRange) {
  EventFacts f = testing::SampleFacts();
  f.location.mgrs.clear();
  f.location.lat = 91;
  f.location.lon = -181;
  const auto problems = ProblemsOf(f);
  EXPECT_THAT(problems, Contains(Field(&FieldError::field, "location.lat")));
  EXPECT_THAT(problems, Contains(Field(&FieldError::field, "location.lon")));
}

TEST(FactsTest, LatitudeWithoutLongitudeIsAProblem) {
  EventFacts f = testing::SampleFacts();
  f.location.mgrs.clear();
  f.location.lon.reset();
  EXPECT_THAT(ProblemsOf(f), Contains(Field(&FieldError::field, "location.lon")));
}

TEST(FactsTest, MgrsMustBeWellFormed) {
  EventFacts f = testing::SampleFacts();
  f.location.mgrs = "37SBV79319";  // odd digit count
  EXPECT_THAT(ProblemsOf(f), Contains(Field(&FieldError::field, "location.mgrs")));
}

TEST(FactsTest, MgrsMustMatchThePoint) {
  EventFacts f = testing::SampleFacts();
  f.location.lat = *f.location.lat + 0.01;  // about 1.1 km north of the square
  const auto problems = ProblemsOf(f);
  ASSERT_THAT(problems, Contains(Field(&FieldError::field, "location.mgrs")));
  EXPECT_THAT(problems[0].message, HasSubstr("outside grid square"));
}

TEST(FactsTest, MgrsAloneIsEnough) {
  EventFacts f = testing::SampleFacts();
  f.location.lat.reset();
  f.location.lon.reset();
  EXPECT_THAT(ProblemsOf(f), IsEmpty());
}

TEST(FactsTest, MinMustNotExceedMax) {
  EventFacts f = testing::SampleFacts();
  f.casualties.civilian.injured = {.min = 5, .max = 3};
  EXPECT_THAT(ProblemsOf(f), Contains(FieldError{"casualties.civilian.injured.max",
                                                 "must not be less than min (3 < 5)"}));
}

TEST(FactsTest, CountsMustNotBeNegative) {
  EventFacts f = testing::SampleFacts();
  f.belligerents[1].killed.best = -1;
  EXPECT_THAT(ProblemsOf(f), Contains(Field(&FieldError::field, "belligerents[1].killed.best")));
}

TEST(FactsTest, BestOutsideRangeIsANoteNotAnError) {
  // UCDP GED 23.1 event 299515: low 9, best 10, high 9.
  EventFacts f = testing::SampleFacts();
  f.casualties.total_killed = {9, 10, 9};
  EXPECT_THAT(ProblemsOf(f), IsEmpty());
  EXPECT_THAT(QualityNotes(f), Contains(Field(&FieldError::field, "casualties.total_killed")));
  EXPECT_THAT(QualityNotes(testing::SampleFacts()), IsEmpty());
}

TEST(FactsTest, BreakdownCellsMustBeDistinctAndFitTheirTotal) {
  EventFacts f = testing::SampleFacts();
  f.casualties.breakdown.push_back(f.casualties.breakdown[0]);
  EXPECT_THAT(ProblemsOf(f), Contains(Field(&FieldError::field, "casualties.breakdown[2]")));
  f = testing::SampleFacts();
  f.casualties.breakdown[0].count = {.min = 5};
  EXPECT_THAT(ProblemsOf(f), Contains(Field(&FieldError::field, "casualties.civilian.killed.max")));
}

TEST(FactsTest, StatusMinimumsMustFitTheTotal) {
  EventFacts f = testing::SampleFacts();
  f.casualties.total_killed = {.max = 1};
  EXPECT_THAT(ProblemsOf(f), Contains(Field(&FieldError::field, "casualties.total_killed.max")));
}

TEST(FactsTest, SourcePrecisionMustExistAndAgree) {
  EventFacts f = testing::SampleFacts();
  f.location.source_precision = SourcePrecision{PrecisionScheme::kAcledGeoPrecision, 4};
  EXPECT_THAT(ProblemsOf(f), Contains(Field(&FieldError::field, "location.source_precision.code")));
  f.location.source_precision = SourcePrecision{PrecisionScheme::kUcdpWherePrec, 4};
  EXPECT_THAT(ProblemsOf(f), Contains(Field(&FieldError::field, "location.precision")));
}

TEST(FactsTest, TranslatesEveryUcdpAndAcledCode) {
  for (int code = 1; code <= 7; ++code) {
    EXPECT_TRUE(TranslatePrecision({PrecisionScheme::kUcdpWherePrec, code})) << code;
  }
  EXPECT_FALSE(TranslatePrecision({PrecisionScheme::kUcdpWherePrec, 8}));
  EXPECT_EQ(TranslatePrecision({PrecisionScheme::kUcdpWherePrec, 3}), LocationPrecision::kAdmin2);
  EXPECT_EQ(TranslatePrecision({PrecisionScheme::kAcledGeoPrecision, 1}),
            LocationPrecision::kExact);
  EXPECT_FALSE(TranslatePrecision({PrecisionScheme::kAcledGeoPrecision, 0}));
}

TEST(FactsTest, TextMustBeUtf8WithoutControlCharacters) {
  EventFacts f = testing::SampleFacts();
  f.location.admin1 = "Idlib\xff";
  f.conflict = std::string("a\0b", 3);
  f.description = "line one\nline two";  // fine in long text
  const auto problems = ProblemsOf(f);
  EXPECT_THAT(problems, Contains(FieldError{"location.admin1", "is not valid UTF-8 text"}));
  EXPECT_THAT(problems, Contains(Field(&FieldError::field, "conflict")));
  EXPECT_EQ(problems.size(), 2u);
}

TEST(FactsTest, OverlongTextIsRefusedNotCut) {
  EventFacts f = testing::SampleFacts();
  f.conflict = std::string(kMaxShortText + 1, 'x');
  EXPECT_THAT(ProblemsOf(f), Contains(Field(&FieldError::message, HasSubstr("at most 4000"))));
}

TEST(FactsTest, ReportsEveryProblemAtOnce) {
  EventFacts f = testing::SampleFacts();
  f.date.end = f.date.start.AddDays(-3);
  f.location.lat = 100;
  f.casualties.civilian.killed = {.min = 3, .max = 1};
  f.belligerents[0].name = " ";
  EXPECT_GE(ProblemsOf(f).size(), 4u);
}

}  // namespace
}  // namespace civharm
