#include "api/query_string.h"

#include <gtest/gtest.h>

namespace civharm::api {
namespace {

TEST(QueryStringTest, DecodesPercentEscapesAndPlus) {
  const auto p = ParseQueryString("q=al-Rami+market&country=C%C3%B4te%20d%27Ivoire&&empty=");
  ASSERT_TRUE(p);
  ASSERT_EQ(p->size(), 3u);
  EXPECT_EQ((*p)[0], (std::pair<std::string, std::string>{"q", "al-Rami market"}));
  EXPECT_EQ((*p)[1].second, "Côte d'Ivoire");
  EXPECT_EQ((*p)[2].second, "");
}

TEST(QueryStringTest, RefusesBrokenEscapesNamingTheParameter) {
  auto p = ParseQueryString("country=%ZZ");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().field(), "country");
  EXPECT_FALSE(ParseQueryString("q=abc%2"));
  EXPECT_FALSE(ParseQueryString("q=%"));
  EXPECT_FALSE(ParseQueryString("q=%FF"));  // not UTF-8 once decoded
  EXPECT_FALSE(ParseQueryString("=x"));
}

}  // namespace
}  // namespace civharm::api
