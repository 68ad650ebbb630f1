#include "cli/exit_codes.h"

#include <set>

#include <gtest/gtest.h>

namespace civharm::cli {
namespace {

TEST(ExitCodesTest, OnlySuccessIsZero) {
  EXPECT_EQ(ExitCodeFor(ErrorCode::kOk), 0);
  for (ErrorCode c : {ErrorCode::kInvalidArgument, ErrorCode::kNotFound, ErrorCode::kAlreadyExists,
                      ErrorCode::kPermissionDenied, ErrorCode::kUnauthenticated,
                      ErrorCode::kConflict, ErrorCode::kResourceExhausted, ErrorCode::kUnavailable,
                      ErrorCode::kDataLoss, ErrorCode::kInternal}) {
    EXPECT_NE(ExitCodeFor(c), 0) << ErrorCodeName(c);
  }
}

TEST(ExitCodesTest, DistinguishesWhatAScriptWouldActOn) {
  EXPECT_EQ(ExitCodeFor(ErrorCode::kInvalidArgument), 2);
  EXPECT_EQ(ExitCodeFor(ErrorCode::kNotFound), 3);
  EXPECT_EQ(ExitCodeFor(ErrorCode::kUnavailable), 6);
  EXPECT_EQ(ExitCodeFor(ErrorCode::kDataLoss), 7);
}

}  // namespace
}  // namespace civharm::cli
