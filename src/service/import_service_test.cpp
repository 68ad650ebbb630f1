#include "service/import_service.h"

#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/testing/temp_dir.h"
#include "domain/test_fixtures.h"
#include "service/export_service.h"
#include "service/record_service.h"

namespace civharm::service {
namespace {

using ::testing::HasSubstr;

class ImportServiceTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_.File(name), std::ios::binary) << text;
    return dir_.File(name);
  }
  int64_t Count(EntityKind k) {
    return store_->BeginRead(storage::View::Everything())
        .value()
        ->Count(k, {.retracted = storage::RetractedPolicy::kInclude})
        .value();
  }
  ImportSummary Run(const ImportRequest& req) {
    auto s = Import(*store_, actor_, req);
    EXPECT_TRUE(s) << s.error().ToString();
    return s.value_or(ImportSummary());
  }

  civharm::testing::TempDir dir_;
  std::unique_ptr<storage::Store> store_ =
      storage::OpenStore({.location = dir_.File("i.db"),
                          .keys = storage::KeySource::FromKeyring(Keyring::Generate())})
          .value();
  Actor actor_{"test:importer", {Role::kAdmin}, {}};
  io::Mapping mapping_ = io::ParseMapping(R"(
entity: report
columns:
  "Ref": source_record_id
  "Date": {field: date.start, format: "%d/%m/%Y"}
  "Killed": casualties.civilian.killed.best
constants:
  source_type: ngo
  source_name: "Local Monitor"
)")
                             .value();
};

TEST_F(ImportServiceTest, OneInvalidRowMeansNothingLands) {
  const std::string file =
      Write("in.csv", "Ref,Date,Killed\nA1,03/01/2024,2\nA2,31/02/2024,1\nA3,05/01/2024,x\n");
  const ImportSummary s =
      Run({.file = file, .reader = {.format = io::ImportFormat::kCsv, .mapping = &mapping_}});
  EXPECT_FALSE(s.landed);
  EXPECT_EQ(s.rows, 3u);
  EXPECT_EQ(s.rejected, 2u);
  ASSERT_EQ(s.errors.size(), 2u);
  EXPECT_EQ(s.errors[0].row, 2u);
  EXPECT_EQ(s.errors[0].line, 3u);
  EXPECT_EQ(s.errors[0].column, "Date");
  EXPECT_EQ(s.errors[1].column, "Killed");
  EXPECT_EQ(Count(EntityKind::kReport), 0);
  EXPECT_EQ(Count(EntityKind::kIncident), 0);
  EXPECT_TRUE(
      store_->BeginRead(storage::View::Everything()).value()->ReadAudit(0, 10).value().empty());
}

TEST_F(ImportServiceTest, SkipInvalidLandsTheRestAndWritesTheRefused) {
  const std::string file = Write("in.csv", "Ref,Date,Killed\nA1,03/01/2024,2\nA2,31/02/2024,1\n");
  // Built step by step: GCC 12 warns falsely (maybe-uninitialized) on this as one initialiser.
  ImportRequest req;
  req.file = file;
  req.reader.format = io::ImportFormat::kCsv;
  req.reader.mapping = &mapping_;
  req.invalid_rows = InvalidRows::kSkip;
  req.rejects_file = dir_.File("rejects.csv");
  const ImportSummary s = Run(req);
  EXPECT_TRUE(s.landed);
  EXPECT_EQ(s.created, 1u);
  EXPECT_EQ(s.incidents_opened, 1u);
  EXPECT_EQ(Count(EntityKind::kReport), 1);
  std::ifstream in(dir_.File("rejects.csv"));
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_THAT(text.str(), HasSubstr("A2"));
  EXPECT_THAT(text.str(), HasSubstr("not a real date"));
  EXPECT_THAT(text.str(), ::testing::Not(HasSubstr("A1")));
}

TEST_F(ImportServiceTest, ReimportingAddsNothing) {
  const std::string file = Write("in.csv", "Ref,Date,Killed\nA1,03/01/2024,2\nA2,04/01/2024,1\n");
  const ImportRequest req{.file = file,
                          .reader = {.format = io::ImportFormat::kCsv, .mapping = &mapping_}};
  EXPECT_EQ(Run(req).created, 2u);
  const ImportSummary again = Run(req);
  EXPECT_TRUE(again.landed);
  EXPECT_EQ(again.created, 0u);
  EXPECT_EQ(again.unchanged, 2u);
  EXPECT_EQ(Count(EntityKind::kReport), 2);
  EXPECT_EQ(Count(EntityKind::kIncident), 2);
}

TEST_F(ImportServiceTest, AChangedRowIsAConflictAndTheStoredRecordStays) {
  const ImportRequest req{.file = Write("a.csv", "Ref,Date,Killed\nA1,03/01/2024,2\n"),
                          .reader = {.format = io::ImportFormat::kCsv, .mapping = &mapping_}};
  Run(req);
  const ImportSummary s = Run({.file = Write("b.csv", "Ref,Date,Killed\nA1,03/01/2024,7\n"),
                               .reader = {.format = io::ImportFormat::kCsv, .mapping = &mapping_}});
  EXPECT_EQ(s.conflicting, 1u);
  ASSERT_EQ(s.conflicts.size(), 1u);
  EXPECT_THAT(s.conflicts[0], HasSubstr("'Local Monitor' / 'A1'"));
  auto page =
      store_->BeginRead(storage::View::Everything()).value()->List(EntityKind::kReport, {}).value();
  EXPECT_EQ(std::get<Report>(page.items.at(0)).facts.casualties.civilian.killed.best, 2);
}

TEST_F(ImportServiceTest, RowsWithoutIdsAreRecognisedByTheirContent) {
  io::Mapping no_ids = mapping_;
  no_ids.columns.erase("Ref");
  no_ids.ignore.push_back("Ref");
  const ImportRequest req{
      .file = Write("in.csv", "Ref,Date,Killed\nA1,03/01/2024,2\nA2,04/01/2024,1\n"),
      .reader = {.format = io::ImportFormat::kCsv, .mapping = &no_ids}};
  EXPECT_EQ(Run(req).created, 2u);
  EXPECT_EQ(Run(req).unchanged, 2u);
  auto page =
      store_->BeginRead(storage::View::Everything()).value()->List(EntityKind::kReport, {}).value();
  EXPECT_THAT(std::get<Report>(page.items.at(0)).source_record_id, HasSubstr("fingerprint:"));
}

TEST_F(ImportServiceTest, ExportThenImportIntoAnEmptyStoreGivesTheSameRecords) {
  // A store with every kind, linked, one record retracted.
  RecordService records(*store_);
  const Actor a{"test:a", {Role::kAdmin}, {}};
  const AnyRecord op = records.Create(a, AnyRecord(civharm::testing::SampleOperation())).value();
  Incident inc = civharm::testing::SampleIncident();
  inc.operation_ids = {MetaOf(op).id};
  const AnyRecord incident = records.Create(a, AnyRecord(inc)).value();
  Report rep = civharm::testing::SampleReport();
  rep.incident_id = MetaOf(incident).id;
  ASSERT_TRUE(records.Create(a, AnyRecord(rep)));
  Victim vic = civharm::testing::SampleVictim();
  vic.incident_id = MetaOf(incident).id;
  const AnyRecord victim = records.Create(a, AnyRecord(vic)).value();
  ASSERT_TRUE(
      records.Retract(a, EntityKind::kVictim, MetaOf(victim).id, "listed twice", std::nullopt, 1));

  for (io::ExportFormat format : {io::ExportFormat::kCsv, io::ExportFormat::kJson}) {
    civharm::testing::TempDir other;
    auto copy = storage::OpenStore({.location = other.File("copy.db"),
                                    .keys = storage::KeySource::FromKeyring(Keyring::Generate())})
                    .value();
    // Links need their targets first: operations, incidents, then reports and victims.
    for (EntityKind kind : {EntityKind::kOperation, EntityKind::kIncident, EntityKind::kReport,
                            EntityKind::kVictim}) {
      const std::string file = other.File(std::string(EnumName(kind)) + ".out");
      {
        std::ofstream out(file, std::ios::binary);
        ASSERT_TRUE(Export(*store_, actor_, {.writer = {.format = format, .entity = kind}}, out));
      }
      const io::ImportFormat in_format =
          format == io::ExportFormat::kCsv ? io::ImportFormat::kCsv : io::ImportFormat::kJson;
      auto s = Import(*copy, a, {.file = file, .reader = {.format = in_format, .entity = kind}});
      ASSERT_TRUE(s) << s.error().ToString();
      ASSERT_TRUE(s->landed) << EnumName(kind) << ": "
                             << (s->errors.empty()
                                     ? ""
                                     : s->errors[0].column + " " + s->errors[0].message);
      EXPECT_EQ(s->created, 1u) << EnumName(kind);
    }
    for (EntityKind kind : {EntityKind::kOperation, EntityKind::kIncident, EntityKind::kReport,
                            EntityKind::kVictim}) {
      const storage::Query all{.retracted = storage::RetractedPolicy::kInclude};
      const auto a_page =
          store_->BeginRead(storage::View::Everything()).value()->List(kind, all).value();
      const auto b_page =
          copy->BeginRead(storage::View::Everything()).value()->List(kind, all).value();
      EXPECT_EQ(a_page.items, b_page.items) << EnumName(kind) << " via " << EnumName(format);
    }
  }
}

TEST_F(ImportServiceTest, TheImportIsAudited) {
  const std::string file = Write("in.csv", "Ref,Date,Killed\nA1,03/01/2024,2\n");
  Run({.file = file, .reader = {.format = io::ImportFormat::kCsv, .mapping = &mapping_}});
  const auto audit =
      store_->BeginRead(storage::View::Everything()).value()->ReadAudit(0, 10).value();
  ASSERT_EQ(audit.size(), 3u);  // incident, report, the import note
  EXPECT_EQ(audit[2].action, "import");
  EXPECT_EQ(audit[2].after["rows"], 1);
  EXPECT_EQ(audit[2].after["sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(audit[0].actor, "test:importer");
}

TEST_F(ImportServiceTest, AMissingFileIsNotFound) {
  auto s =
      Import(*store_, actor_,
             {.file = dir_.File("absent.csv"), .reader = {.format = io::ImportFormat::kAcled}});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code(), ErrorCode::kNotFound);
}

TEST_F(ImportServiceTest, SkipInvalidNeedsARejectsFile) {
  auto s =
      Import(*store_, actor_, {.file = Write("x.csv", "a\n"), .invalid_rows = InvalidRows::kSkip});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().field(), "rejects");
}

}  // namespace
}  // namespace civharm::service
