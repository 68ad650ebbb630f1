// A process killed (SIGKILL) in the middle of an import leaves the store consistent, with the
// import either whole or absent — never half of it.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include "core/testing/temp_dir.h"
#include "storage/store.h"
#include "support/process.h"

namespace civharm::testing {
namespace {

constexpr int kCopies = 150;  // 150,000 events: long enough to be caught in the middle

// The UCDP sample, repeated with fresh event ids (by the benchmark's generator, which numbers
// rows from `first_row`) so that every row is a new record.
std::string MakeLargeFile(const std::string& sample, const std::string& path, int first_copy) {
  const std::string command = fmt::format("'{}' '{}' {} '{}' {}", CIVHARM_MAKE_EVENTS, sample,
                                          1000 * kCopies, path, 1000 * first_copy);
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  return path;
}

int64_t Reports(const std::string& db) {
  auto store = storage::OpenStore({.location = db}).value();
  return store->BeginRead(storage::View::Everything())
      .value()
      ->Count(EntityKind::kReport, {})
      .value();
}

// Starts an import and kills it once the database has grown, while it still runs.
// Returns false when the import finished before it could be killed.
bool KillMidImport(const std::string& db, const std::string& file, const TempDir& dir) {
  const auto wal = std::filesystem::path(db + "-wal");
  std::error_code ec;
  const auto start_size = std::filesystem::exists(wal) ? std::filesystem::file_size(wal, ec) : 0;
  Process p({"import", "--format", "ucdp-ged", "--db", db, file}, dir.File("out.txt"),
            dir.File("err.txt"));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  while (std::chrono::steady_clock::now() < deadline) {
    if (!p.Running()) return false;
    if (std::filesystem::exists(wal) &&
        std::filesystem::file_size(wal, ec) > start_size + (32u << 20))
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (!p.Running()) return false;
  p.Signal(SIGKILL);
  EXPECT_EQ(p.Wait(), 128 + SIGKILL);
  return true;
}

TEST(KillImportTest, AKilledImportLeavesNothingHalfDone) {
  const std::string sample = SharedData("events/ucdp_ged231_sample1000.csv");
  if (sample.empty()) {
    GTEST_SKIP() << "REFERENCE DATA MISSING: ../shared/data/events/ucdp_ged231_sample1000.csv is "
                    "not there, so the kill-during-import test did NOT run";
  }
  TempDir dir;
  const std::string db = dir.File("kill.db");
  InitAndSignIn(db);
  const std::string first = MakeLargeFile(sample, dir.File("first.csv"), 1);

  // Killed during the first import: nothing of it is kept, and the store is sound.
  ASSERT_TRUE(KillMidImport(db, first, dir)) << "the import finished before it could be killed";
  EXPECT_EQ(Reports(db), 0);
  ProcessResult verify = RunCivharm({"audit", "verify", "--db", db});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;

  // Run to completion, then kill a second import: the first stays whole, the second is absent.
  ProcessResult done = RunCivharm({"import", "--format", "ucdp-ged", "--db", db, first});
  ASSERT_EQ(done.exit_code, 0) << done.err;
  const int64_t whole = 1000 * kCopies;
  EXPECT_EQ(Reports(db), whole);
  const std::string second = MakeLargeFile(sample, dir.File("second.csv"), 1 + kCopies);
  ASSERT_TRUE(KillMidImport(db, second, dir)) << "the import finished before it could be killed";
  EXPECT_EQ(Reports(db), whole);
  verify = RunCivharm({"audit", "verify", "--db", db});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_THAT(verify.out,
              ::testing::HasSubstr(std::to_string(2 * whole) +
                                   " records, 1 users, 0 link decisions and 0 case records match"));
}

}  // namespace
}  // namespace civharm::testing
