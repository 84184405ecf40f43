#include "common/result.hpp"

#include <gtest/gtest.h>

namespace yandian {
namespace {

// The mapping is the contract of docs/openapi.yaml's Error schema and of the CLI's exit codes.
TEST(Result, ErrorCodesMapToHttpStatusAndExitCode) {
    EXPECT_EQ(http_status(ErrorCode::kInvalidArgument), 400);
    EXPECT_EQ(http_status(ErrorCode::kUnauthenticated), 401);
    EXPECT_EQ(http_status(ErrorCode::kPermissionDenied), 403);
    EXPECT_EQ(http_status(ErrorCode::kNotFound), 404);
    EXPECT_EQ(http_status(ErrorCode::kPayloadTooLarge), 413);
    EXPECT_EQ(http_status(ErrorCode::kRateLimited), 429);
    EXPECT_EQ(error_code_name(ErrorCode::kNotFound), "not_found");
    EXPECT_EQ(exit_code(ErrorCode::kInvalidArgument), 2);
    EXPECT_EQ(exit_code(ErrorCode::kInternal), 1);
}

TEST(Result, FailCarriesMessageAndField) {
    Result<int> r = fail(ErrorCode::kInvalidArgument, "not a number", "value");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().field, "value");
    EXPECT_EQ(r.error().message, "not a number");
}

}  // namespace
}  // namespace yandian
