#include "server/router.hpp"

#include <gtest/gtest.h>

namespace yandian::server {
namespace {

HttpResponse ok(const HttpRequest&, const PathParams&) { return HttpResponse{}; }

TEST(Router, MatchesPatternsAndExtractsParameters) {
    Router router;
    router.add("GET", "/api/v1/users", ok);
    router.add("GET", "/api/v1/users/{id}", ok);
    router.add("GET", "/api/v1/bearings/{designation}/life", ok);
    auto m = router.match("GET", "/api/v1/users/42");
    ASSERT_NE(m.route, nullptr);
    EXPECT_EQ(m.route->pattern, "/api/v1/users/{id}");
    EXPECT_EQ(m.params.at("id"), "42");
    auto life = router.match("GET", "/api/v1/bearings/6205-2RSH%2FC3%20x/life");
    ASSERT_NE(life.route, nullptr);
    EXPECT_EQ(life.params.at("designation"), "6205-2RSH/C3 x") << "an encoded slash stays inside its segment";
}

TEST(Router, DistinguishesUnknownPathFromWrongMethod) {
    Router router;
    router.add("GET", "/api/v1/users/{id}", ok);
    EXPECT_EQ(router.match("GET", "/api/v1/nothing").status, 404);
    EXPECT_EQ(router.match("DELETE", "/api/v1/users/3").status, 405);
    EXPECT_EQ(router.match("GET", "/api/v1/users/").status, 404) << "an empty parameter does not match";
    EXPECT_EQ(router.match("GET", "/api/v1/users/3/extra").status, 404);
    EXPECT_EQ(router.match("GET", "").status, 404);
}

TEST(HttpTypes, ParsesTargetWithPercentEncodingAndRejectsBadEscapes) {
    HttpRequest request;
    ASSERT_TRUE(parse_target("/api/v1/bearings?size=25x52x15&q=%E5%86%85%E5%BE%84+25", request));
    EXPECT_EQ(request.path, "/api/v1/bearings");
    EXPECT_EQ(*request.query_param("size"), "25x52x15");
    EXPECT_EQ(*request.query_param("q"), "内径 25");
    HttpRequest bad;
    EXPECT_FALSE(parse_target("/api/v1/%zz", bad));
    EXPECT_FALSE(parse_target("/api/v1/%2", bad));
    EXPECT_FALSE(parse_target("/a%00b", bad));
    EXPECT_FALSE(parse_target("no-slash", bad));
}

TEST(HttpTypes, ReadsCookiesByName) {
    HttpRequest request;
    request.headers["cookie"] = "theme=dark; yandian_session=abc123; other=1";
    EXPECT_EQ(request.cookie("yandian_session"), "abc123");
    EXPECT_EQ(request.cookie("missing"), "");
}

}  // namespace
}  // namespace yandian::server

namespace yandian::server {
namespace {

// A 503 says when to try again (a store that lost its connection answers writes this way); other errors do not.
TEST(ErrorResponse, UnavailableCarriesRetryAfter) {
    const HttpResponse unavailable = error_response(ErrorCode::kUnavailable, "the store is not reachable", "db");
    EXPECT_EQ(unavailable.status, 503);
    ASSERT_EQ(unavailable.headers.size(), 1u);
    EXPECT_EQ(unavailable.headers[0].first, "Retry-After");
    EXPECT_EQ(unavailable.headers[0].second, "5");
    EXPECT_NE(unavailable.body.find("\"code\":\"unavailable\""), std::string::npos) << unavailable.body;
    const HttpResponse missing = error_response(ErrorCode::kNotFound, "characteristic 9 not found", "id");
    EXPECT_EQ(missing.status, 404);
    EXPECT_TRUE(missing.headers.empty());
}

}  // namespace
}  // namespace yandian::server
