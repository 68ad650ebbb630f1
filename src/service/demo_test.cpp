#include "service/demo.h"

#include <gtest/gtest.h>

#include "core/testing/temp_dir.h"

namespace civharm::service {
namespace {

TEST(DemoTest, LoadsOnceWithEveryLinkResolved) {
  civharm::testing::TempDir dir;
  auto store = storage::OpenStore({.location = dir.File("demo.db"),
                                   .keys = storage::KeySource::FromKeyring(Keyring::Generate())})
                   .value();
  const DemoOptions options{.seed = 3, .events = 60};
  const DemoSummary s = LoadDemo(*store, Actor::System(), options).value();
  const DemoData data = GenerateDemoData(options);
  EXPECT_EQ(s.incidents, data.events.size());
  EXPECT_EQ(s.operations, data.operations.size());
  auto tx = store->BeginRead(storage::View::Everything()).value();
  EXPECT_EQ(tx->Count(EntityKind::kReport, {}).value(), static_cast<int64_t>(s.reports));
  EXPECT_EQ(tx->Count(EntityKind::kVictim, {}).value(), static_cast<int64_t>(s.victims));
  // Every report and victim points at its event's incident.
  int64_t linked = 0;
  ASSERT_TRUE(tx->Scan(EntityKind::kIncident, {}, [&](const AnyRecord& r) {
                  linked += static_cast<int64_t>(std::get<Incident>(r).report_ids.size());
                  return Status::Ok();
                }).ok());
  EXPECT_EQ(linked, static_cast<int64_t>(s.reports));

  auto again = LoadDemo(*store, Actor::System(), options);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), ErrorCode::kAlreadyExists);
  EXPECT_TRUE(store->VerifyAudit().value().ok());
}

}  // namespace
}  // namespace civharm::service
