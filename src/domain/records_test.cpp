#include "domain/records.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/test_fixtures.h"

namespace civharm {
namespace {

using ::testing::Contains;
using ::testing::Field;

TEST(RecordsTest, SamplesAreValid) {
  EXPECT_TRUE(Validate(testing::SampleReport()).ok())
      << Validate(testing::SampleReport()).ToString();
  EXPECT_TRUE(Validate(testing::SampleIncident()).ok());
  EXPECT_TRUE(Validate(testing::SampleVictim()).ok());
  EXPECT_TRUE(Validate(testing::SampleOperation()).ok());
}

TEST(ReportTest, NeedsASourceName) {
  Report r = testing::SampleReport();
  r.source_name = "";
  const Status s = Validate(r);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "source_name");
}

TEST(ReportTest, CredibilityIsGradedOneToSix) {
  Report r = testing::SampleReport();
  r.credibility = 7;
  EXPECT_EQ(Validate(r).field(), "credibility");
  r.credibility = 6;
  EXPECT_TRUE(Validate(r).ok());
}

TEST(ReportTest, FactProblemsKeepTheirPaths) {
  Report r = testing::SampleReport();
  r.facts.casualties.civilian.killed = {.min = 9, .max = 1};
  EXPECT_THAT(Validate(r).details(),
              Contains(Field(&FieldError::field, "casualties.civilian.killed.max")));
}

TEST(IncidentTest, RejectsEndDateBeforeStartDate) {
  Incident i = testing::SampleIncident();
  i.facts.date.end = i.facts.date.start.AddDays(-1);
  EXPECT_EQ(Validate(i).field(), "date.end");
}

TEST(IncidentTest, OperationLinksMustBeIds) {
  Incident i = testing::SampleIncident();
  i.operation_ids = {"op-7"};
  EXPECT_EQ(Validate(i).field(), "operation_ids[0]");
}

TEST(RecordTest, RetractionNeedsAReason) {
  Incident i = testing::SampleIncident();
  i.meta.retraction = Retraction{Timestamp::Now(), "analyst", "  ", std::nullopt};
  EXPECT_EQ(Validate(i).field(), "retraction.reason");
}

TEST(VictimTest, AgeAndAgeGroupMustAgree) {
  Victim v = testing::SampleVictim();
  v.age = 9;
  EXPECT_EQ(Validate(v).field(), "age_group");
  v.age_group = AgeGroup::kChild;
  EXPECT_TRUE(Validate(v).ok());
  v.age = 200;
  EXPECT_EQ(Validate(v).field(), "age");
}

TEST(VictimTest, AgeGroupBoundaries) {
  EXPECT_EQ(AgeGroupOf(17), AgeGroup::kChild);
  EXPECT_EQ(AgeGroupOf(18), AgeGroup::kAdult);
  EXPECT_EQ(AgeGroupOf(59), AgeGroup::kAdult);
  EXPECT_EQ(AgeGroupOf(60), AgeGroup::kElderly);
}

TEST(OperationTest, NeedsAReferenceAndOrderedTimes) {
  Operation o = testing::SampleOperation();
  o.reference = "";
  o.end = o.start;
  o.start = *Timestamp::Parse("2013-01-04T00:00:00Z");
  const Status s = Validate(o);
  EXPECT_THAT(s.details(), Contains(Field(&FieldError::field, "reference")));
  EXPECT_THAT(s.details(), Contains(Field(&FieldError::field, "end")));
}

}  // namespace
}  // namespace civharm
