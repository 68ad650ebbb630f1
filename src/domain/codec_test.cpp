#include "domain/codec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/test_fixtures.h"

namespace civharm {
namespace {

using nlohmann::json;
using ::testing::Contains;
using ::testing::Field;
using ::testing::HasSubstr;

template <typename T>
void ExpectRoundTrip(T record) {
  record.meta.id = NewId();
  record.meta.version = 3;
  record.meta.created_at = *Timestamp::Parse("2024-01-01T00:00:00Z");
  record.meta.updated_at = *Timestamp::Parse("2024-02-01T12:30:00.5Z");
  const json j = ToJson(record);
  auto back = FromJson<T>(j);
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(*back, record);
  // And through text, as the database and the API carry it.
  auto again = FromJson<T>(json::parse(j.dump()));
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, record);
}

TEST(CodecTest, RoundTripsEveryRecordKind) {
  ExpectRoundTrip(testing::SampleReport());
  ExpectRoundTrip(testing::SampleIncident());
  ExpectRoundTrip(testing::SampleVictim());
  ExpectRoundTrip(testing::SampleOperation());
}

TEST(CodecTest, RoundTripsRetractionAndLinks) {
  Incident i = testing::SampleIncident();
  i.meta.retraction = Retraction{*Timestamp::Parse("2024-03-01T10:00:00Z"), "analyst-1",
                                 "duplicate of another incident", NewId()};
  i.operation_ids = {NewId()};
  i.report_ids = {NewId(), NewId()};
  ExpectRoundTrip(i);
}

TEST(CodecTest, WritesTheDocumentedShape) {
  const json j = ToJson(testing::SampleIncident());
  EXPECT_EQ(j["date"]["start"], "2013-01-03");
  EXPECT_EQ(j["date"]["precision"], "days");
  EXPECT_EQ(j["date"]["time"], "14:30");
  EXPECT_EQ(j["location"]["lat"], 35.763369);
  EXPECT_EQ(j["location"]["source_precision"]["scheme"], "ucdp_where_prec");
  EXPECT_EQ(j["casualties"]["civilian"]["killed"]["best"], 3);
  EXPECT_EQ(j["belligerents"][1]["attribution"], "suspected");
  EXPECT_EQ(j["status"], "unassessed");
  EXPECT_EQ(j["external_grade"], "fair");
  EXPECT_FALSE(j.contains("id"));                           // not stored yet
  EXPECT_FALSE(j["casualties"].contains("total_injured"));  // unknown is absent, not 0
  EXPECT_EQ(j["location"].dump().find("35.763369000"), std::string::npos);
}

TEST(CodecTest, ReadsAMinimalIncident) {
  auto i = FromJson<Incident>(json::parse(R"({"date": {"start": "2024-05-01"}})"));
  ASSERT_TRUE(i) << i.error().ToString();
  EXPECT_EQ(i->facts.date.end.ToString(), "2024-05-01");
  EXPECT_EQ(i->facts.date.precision, DatePrecision::kDay);
  EXPECT_EQ(i->status, AssessmentStatus::kUnassessed);
}

TEST(CodecTest, NullReadsAsAbsent) {
  auto i = FromJson<Incident>(
      json::parse(R"({"date": {"start": "2024-05-01"}, "title": null, "location": null})"));
  ASSERT_TRUE(i) << i.error().ToString();
  EXPECT_EQ(i->title, "");
}

TEST(CodecTest, RefusesUnknownKeysWithTheirPath) {
  auto i = FromJson<Incident>(json::parse(
      R"({"date": {"start": "2024-05-01"}, "casualties": {"civilian": {"kiled": {"min": 1}}}})"));
  ASSERT_FALSE(i);
  EXPECT_EQ(i.error().field(), "casualties.civilian.kiled");
  EXPECT_EQ(i.error().message(), "is not a known field");
}

TEST(CodecTest, ReportsEveryFormProblem) {
  auto i = FromJson<Incident>(json::parse(R"({
    "date": {"start": "2023-02-29", "precision": "fortnight"},
    "location": {"lat": "35.7"},
    "casualties": {"civilian": {"killed": {"min": 1.5}}},
    "belligerents": [{"attribution": "known"}],
    "status": "maybe"
  })"));
  ASSERT_FALSE(i);
  const auto& d = i.error().details();
  EXPECT_THAT(d, Contains(Field(&FieldError::field, "date.start")));
  EXPECT_THAT(d, Contains(Field(&FieldError::field, "date.precision")));
  EXPECT_THAT(d, Contains(FieldError{"location.lat", "must be a number, not string"}));
  EXPECT_THAT(d, Contains(FieldError{"casualties.civilian.killed.min",
                                     "must be a whole number, not number"}));
  EXPECT_THAT(d, Contains(FieldError{"belligerents[0].name", "is required"}));
  EXPECT_THAT(d, Contains(Field(&FieldError::message, HasSubstr("one of: unassessed"))));
}

TEST(CodecTest, RequiresTheDate) {
  auto i = FromJson<Incident>(json::object());
  ASSERT_FALSE(i);
  EXPECT_EQ(i.error().field(), "date");
}

TEST(CodecTest, RefusesANonObject) {
  auto r = FromJson<Report>(json::array());
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message(), HasSubstr("must be an object"));
}

TEST(CodecTest, RefusesMalformedIds) {
  auto r = FromJson<Report>(json::parse(
      R"({"source_type": "ngo", "date": {"start": "2024-05-01"}, "incident_id": "42"})"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field(), "incident_id");
}

TEST(CodecTest, RefusesHugeIntegersInsteadOfWrapping) {
  auto r = FromJson<Report>(json::parse(
      R"({"source_type": "ngo", "date": {"start": "2024-05-01"}, "credibility": 4294967298})"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field(), "credibility");
}

}  // namespace
}  // namespace civharm
