#include "linkage/string_compare.h"

#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace civharm::linkage {
namespace {

// 27 pairs with values from R stringdist 0.9.10, read in place from ../shared/data. Its jaro and
// jaro_winkler columns are similarities; jaccard_q2 is the q-gram Jaccard SIMILARITY (MARTHA and
// MARHTA share 2 of 8 bigrams: 0.25), NA where neither string has a bigram.
constexpr const char* kReferencePath =
    CIVHARM_SOURCE_DIR "/../shared/data/linkage/string_similarity_reference.csv";
constexpr double kTolerance = 1e-6;

struct ReferenceRow {
  std::string a, b;
  double jaro = 0, jaro_winkler = 0;
  int levenshtein = 0, osa = 0, damerau_levenshtein = 0;
  std::optional<double> jaccard_q2;  // nullopt for NA
};

// Splits one line of simple CSV: fields are bare or in double quotes ("" is a quote inside).
std::vector<std::string> SplitCsvLine(std::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

double ParseNumber(const std::string& text) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  EXPECT_TRUE(!text.empty() && *end == '\0') << "not a number: \"" << text << "\"";
  return v;
}

// The rows of the reference file, or nullopt when it cannot be opened.
std::optional<std::vector<ReferenceRow>> LoadReference() {
  std::ifstream in(kReferencePath, std::ios::binary);
  if (!in) return std::nullopt;
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(SplitCsvLine(line),
            (std::vector<std::string>{"a", "b", "jaro", "jaro_winkler", "levenshtein", "osa",
                                      "damerau_levenshtein", "jaccard_q2"}));
  std::vector<ReferenceRow> rows;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const std::vector<std::string> f = SplitCsvLine(line);
    EXPECT_EQ(f.size(), 8u) << line;
    if (f.size() != 8) continue;
    ReferenceRow row{.a = f[0],
                     .b = f[1],
                     .jaro = ParseNumber(f[2]),
                     .jaro_winkler = ParseNumber(f[3]),
                     .levenshtein = static_cast<int>(ParseNumber(f[4])),
                     .osa = static_cast<int>(ParseNumber(f[5])),
                     .damerau_levenshtein = static_cast<int>(ParseNumber(f[6])),
                     .jaccard_q2 = std::nullopt};
    if (f[7] != "NA") row.jaccard_q2 = ParseNumber(f[7]);
    rows.push_back(std::move(row));
  }
  return rows;
}

class StringdistReferenceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { rows_ = LoadReference(); }

  void SetUp() override {
    if (!rows_) {
      GTEST_SKIP() << "REFERENCE DATA MISSING: cannot read " << kReferencePath
                   << " (expected in ../shared/data next to the source tree)";
    }
  }

  static std::string Pair(const ReferenceRow& r) { return "\"" + r.a + "\" vs \"" + r.b + "\""; }

  static inline std::optional<std::vector<ReferenceRow>> rows_;
};

TEST_F(StringdistReferenceTest, HasEveryRow) {
  ASSERT_EQ(rows_->size(), 27u);
  int missing_jaccard = 0;
  for (const ReferenceRow& r : *rows_) missing_jaccard += r.jaccard_q2 ? 0 : 1;
  EXPECT_EQ(missing_jaccard, 2);  // ("", "") and ("a", "")
}

TEST_F(StringdistReferenceTest, Jaro) {
  for (const ReferenceRow& r : *rows_) EXPECT_NEAR(Jaro(r.a, r.b), r.jaro, kTolerance) << Pair(r);
}

TEST_F(StringdistReferenceTest, JaroWinkler) {
  for (const ReferenceRow& r : *rows_) {
    EXPECT_NEAR(JaroWinkler(r.a, r.b), r.jaro_winkler, kTolerance) << Pair(r);
  }
}

TEST_F(StringdistReferenceTest, Levenshtein) {
  for (const ReferenceRow& r : *rows_) EXPECT_EQ(Levenshtein(r.a, r.b), r.levenshtein) << Pair(r);
}

TEST_F(StringdistReferenceTest, OptimalStringAlignment) {
  for (const ReferenceRow& r : *rows_) {
    EXPECT_EQ(OptimalStringAlignment(r.a, r.b), r.osa) << Pair(r);
  }
}

TEST_F(StringdistReferenceTest, DamerauLevenshtein) {
  for (const ReferenceRow& r : *rows_) {
    EXPECT_EQ(DamerauLevenshtein(r.a, r.b), r.damerau_levenshtein) << Pair(r);
  }
}

TEST_F(StringdistReferenceTest, QGramJaccard) {
  for (const ReferenceRow& r : *rows_) {
    if (!r.jaccard_q2) continue;  // NA: see QGramJaccardTest.NoQGramsOnEitherSide
    EXPECT_NEAR(QGramJaccard(r.a, r.b, 2), *r.jaccard_q2, kTolerance) << Pair(r);
  }
}

TEST(CodePointsTest, DecodesUtf8) {
  EXPECT_EQ(CodePoints("aé€𝄞"), U"aé€𝄞");
  EXPECT_EQ(CodePoints("احمد").size(), 4u);
  EXPECT_EQ(CodePoints(""), U"");
}

TEST(CodePointsTest, ReplacesEachInvalidByteWithReplacementCharacter) {
  EXPECT_EQ(CodePoints("Mu\xF1oz"), U"Mu\uFFFDoz");
  EXPECT_EQ(CodePoints("a\xE2\x82"), U"a\uFFFD\uFFFD");                    // truncated sequence
  EXPECT_EQ(CodePoints("\xC0\xAF"), U"\uFFFD\uFFFD");                      // overlong '/'
  EXPECT_EQ(CodePoints("\xED\xA0\x80"), U"\uFFFD\uFFFD\uFFFD");            // encoded surrogate
  EXPECT_EQ(CodePoints("\xF4\x90\x80\x80"), U"\uFFFD\uFFFD\uFFFD\uFFFD");  // past U+10FFFF
  EXPECT_EQ(Levenshtein("Mu\xF1oz", "Muñoz"), 1);
}

TEST(StringCompareTest, ComparesArabicByCodePointNotByte) {
  // محمد / محمود is one insertion of a two-byte letter.
  EXPECT_EQ(Levenshtein("محمد", "محمود"), 1);
  EXPECT_EQ(OptimalStringAlignment("محمد", "محمود"), 1);
  EXPECT_EQ(DamerauLevenshtein("محمد", "محمود"), 1);
  // Every measure gives the value of an ASCII pair with the same letter pattern.
  const std::vector<
      std::pair<std::pair<const char*, const char*>, std::pair<const char*, const char*>>>
      analogues = {{{"محمد", "محمود"}, {"MHMD", "MHMWD"}},
                   {{"عبدالله", "عبداللة"}, {"EBDALLH", "EBDALLQ"}},
                   {{"فاطمة", "فطامة"}, {"FATMQ", "FTAMQ"}}};
  for (const auto& [arabic, ascii] : analogues) {
    SCOPED_TRACE(ascii.first);
    EXPECT_DOUBLE_EQ(Jaro(arabic.first, arabic.second), Jaro(ascii.first, ascii.second));
    EXPECT_DOUBLE_EQ(JaroWinkler(arabic.first, arabic.second),
                     JaroWinkler(ascii.first, ascii.second));
    EXPECT_EQ(Levenshtein(arabic.first, arabic.second), Levenshtein(ascii.first, ascii.second));
    EXPECT_EQ(OptimalStringAlignment(arabic.first, arabic.second),
              OptimalStringAlignment(ascii.first, ascii.second));
    EXPECT_EQ(DamerauLevenshtein(arabic.first, arabic.second),
              DamerauLevenshtein(ascii.first, ascii.second));
    EXPECT_DOUBLE_EQ(QGramJaccard(arabic.first, arabic.second),
                     QGramJaccard(ascii.first, ascii.second));
  }
}

TEST(StringCompareTest, AcceptsPreDecodedCodePoints) {
  const std::u32string a = CodePoints("فاطمة"), b = CodePoints("فطامة");
  EXPECT_DOUBLE_EQ(Jaro(a, b), Jaro("فاطمة", "فطامة"));
  EXPECT_DOUBLE_EQ(JaroWinkler(a, b), JaroWinkler("فاطمة", "فطامة"));
  EXPECT_EQ(Levenshtein(a, b), 2);
  EXPECT_EQ(OptimalStringAlignment(a, b), 1);  // ا and ط swapped
  EXPECT_EQ(DamerauLevenshtein(a, b), 1);
  EXPECT_DOUBLE_EQ(QGramJaccard(a, b), QGramJaccard("فاطمة", "فطامة"));
}

TEST(StringCompareTest, EmptyStrings) {
  EXPECT_EQ(Jaro("", ""), 1.0);
  EXPECT_EQ(JaroWinkler("", ""), 1.0);
  EXPECT_EQ(Jaro("abc", ""), 0.0);
  EXPECT_EQ(JaroWinkler("", "abc"), 0.0);
  EXPECT_EQ(Levenshtein("", ""), 0);
  EXPECT_EQ(Levenshtein("", "أحمد"), 4);
  EXPECT_EQ(OptimalStringAlignment("أحمد", ""), 4);
  EXPECT_EQ(DamerauLevenshtein("", "أحمد"), 4);
}

TEST(StringCompareTest, IdenticalStrings) {
  for (const char* s : {"a", "martha", "أحمد بن علي", "Γιώργος"}) {
    SCOPED_TRACE(s);
    EXPECT_EQ(Jaro(s, s), 1.0);
    EXPECT_EQ(JaroWinkler(s, s), 1.0);
    EXPECT_EQ(Levenshtein(s, s), 0);
    EXPECT_EQ(OptimalStringAlignment(s, s), 0);
    EXPECT_EQ(DamerauLevenshtein(s, s), 0);
    EXPECT_EQ(QGramJaccard(s, s), 1.0);
    EXPECT_EQ(TokenJaccard(s, s), 1.0);
  }
}

TEST(StringCompareTest, UnrestrictedDamerauEditsASubstringTwice) {
  EXPECT_EQ(Levenshtein("CA", "ABC"), 3);
  EXPECT_EQ(OptimalStringAlignment("CA", "ABC"), 3);
  EXPECT_EQ(DamerauLevenshtein("CA", "ABC"), 2);  // CA → AC → ABC
  EXPECT_EQ(DamerauLevenshtein("abcdef", "badcfe"), 3);
  EXPECT_EQ(OptimalStringAlignment("abcdef", "badcfe"), 3);
}

TEST(JaroWinklerTest, BoostsEvenBelowSevenTenths) {
  const double jaro = Jaro("abcdefgh", "abwxyzuv");
  ASSERT_LT(jaro, 0.7);
  EXPECT_DOUBLE_EQ(JaroWinkler("abcdefgh", "abwxyzuv"), jaro + 2 * 0.1 * (1 - jaro));
}

TEST(JaroWinklerTest, PrefixIsCappedAndScaled) {
  const double jaro = Jaro("abcdefx", "abcdefy");
  EXPECT_DOUBLE_EQ(JaroWinkler("abcdefx", "abcdefy"), jaro + 4 * 0.1 * (1 - jaro));
  EXPECT_DOUBLE_EQ(JaroWinkler("abcdefx", "abcdefy", 0.1, 6), jaro + 6 * 0.1 * (1 - jaro));
  EXPECT_DOUBLE_EQ(JaroWinkler("abcdefx", "abcdefy", 0.2, 2), jaro + 2 * 0.2 * (1 - jaro));
  EXPECT_DOUBLE_EQ(JaroWinkler("abcdefx", "abcdefy", 0.1, 0), jaro);
  EXPECT_DOUBLE_EQ(JaroWinkler("abcdefx", "abcdefy", 0.1, -3), jaro);
  EXPECT_DOUBLE_EQ(JaroWinkler("abcdefx", "abcdefy", 0.5, 4), 1.0);  // ℓ·p capped at 1
}

TEST(QGramJaccardTest, NoQGramsOnEitherSide) {
  EXPECT_EQ(QGramJaccard("", ""), 1.0);
  EXPECT_EQ(QGramJaccard("a", "a"), 1.0);
  EXPECT_EQ(QGramJaccard("a", ""), 0.0);
  EXPECT_EQ(QGramJaccard("a", "b"), 0.0);
  EXPECT_EQ(QGramJaccard("a", "ab"), 0.0);  // only one side has a bigram
}

TEST(QGramJaccardTest, CountsEachQGramOnce) {
  EXPECT_DOUBLE_EQ(QGramJaccard("aaaa", "aa"), 1.0);      // {aa} and {aa}
  EXPECT_DOUBLE_EQ(QGramJaccard("abab", "ab"), 1.0 / 2);  // {ab, ba} and {ab}
  EXPECT_DOUBLE_EQ(QGramJaccard("abc", "cab", 1), 1.0);   // unigrams
  EXPECT_DOUBLE_EQ(QGramJaccard("abc", "cab", 0), 1.0);   // q < 1 counts as 1
  EXPECT_DOUBLE_EQ(QGramJaccard("abcd", "abce", 3), 1.0 / 3);
  // q = 4 and above take the general path.
  EXPECT_DOUBLE_EQ(QGramJaccard("abcdefg", "abcdefh", 4), 3.0 / 5);
  EXPECT_DOUBLE_EQ(QGramJaccard("عبدالله", "عبداللة", 5), 2.0 / 4);
}

TEST(TokenJaccardTest, ComparesTokenSets) {
  EXPECT_DOUBLE_EQ(TokenJaccard("amira al haddad", "haddad amira"), 2.0 / 3);
  EXPECT_DOUBLE_EQ(TokenJaccard("amira haddad", "haddad  amira"), 1.0);
  EXPECT_DOUBLE_EQ(TokenJaccard(" amira\thaddad\n", "amira haddad"), 1.0);
  EXPECT_DOUBLE_EQ(TokenJaccard("ali ali hassan", "ali hassan"), 1.0);  // sets
  EXPECT_DOUBLE_EQ(TokenJaccard("فاطمه علي", "علي حسن"), 1.0 / 3);
  EXPECT_DOUBLE_EQ(TokenJaccard("amira", "amir"), 0.0);
}

TEST(TokenJaccardTest, EmptyNames) {
  EXPECT_EQ(TokenJaccard("", ""), 1.0);
  EXPECT_EQ(TokenJaccard("   ", ""), 1.0);
  EXPECT_EQ(TokenJaccard("amira", ""), 0.0);
  EXPECT_EQ(TokenJaccard(" ", "amira"), 0.0);
}

TEST(StringCompareTest, IsSymmetric) {
  const std::vector<std::string> words = {"",
                                          "a",
                                          "ab",
                                          "ba",
                                          "MARTHA",
                                          "MARHTA",
                                          "dixon",
                                          "dicksonx",
                                          "abcab",
                                          "bcaba",
                                          "aabbcc",
                                          "abcabc",
                                          "محمد",
                                          "محمود",
                                          "فاطمة الزهراء",
                                          "الزهراء فاطمه",
                                          "Γιώργος",
                                          "jon jan",
                                          "CA",
                                          "ABC"};
  for (const std::string& a : words) {
    for (const std::string& b : words) {
      SCOPED_TRACE("\"" + a + "\" vs \"" + b + "\"");
      EXPECT_DOUBLE_EQ(Jaro(a, b), Jaro(b, a));
      EXPECT_DOUBLE_EQ(JaroWinkler(a, b), JaroWinkler(b, a));
      EXPECT_EQ(Levenshtein(a, b), Levenshtein(b, a));
      EXPECT_EQ(OptimalStringAlignment(a, b), OptimalStringAlignment(b, a));
      EXPECT_EQ(DamerauLevenshtein(a, b), DamerauLevenshtein(b, a));
      EXPECT_DOUBLE_EQ(QGramJaccard(a, b), QGramJaccard(b, a));
      EXPECT_DOUBLE_EQ(TokenJaccard(a, b), TokenJaccard(b, a));
    }
  }
}

TEST(StringCompareTest, LongStringsGiveTheSameAnswers) {
  // 400 code points: past every stack buffer, so the thread-local heap buffers are used.
  std::string ab, ba;
  for (int i = 0; i < 200; ++i) {
    ab += "ab";
    ba += "ba";
  }
  EXPECT_EQ(Levenshtein(ab, ba), 2);
  EXPECT_EQ(OptimalStringAlignment(ab, ba), 2);
  EXPECT_EQ(DamerauLevenshtein(ab, ba), 2);
  EXPECT_DOUBLE_EQ(QGramJaccard(ab, ba), 1.0);
  EXPECT_DOUBLE_EQ(Jaro(ab, ba), Jaro(ba, ab));
  const std::string as(400, 'a'), bs(400, 'b');
  EXPECT_EQ(Levenshtein(as, bs), 400);
  EXPECT_EQ(DamerauLevenshtein(as, bs), 400);
  EXPECT_EQ(Jaro(as, bs), 0.0);
  // And short calls afterwards still use clean stack buffers.
  EXPECT_EQ(DamerauLevenshtein("MARTHA", "MARHTA"), 1);
  EXPECT_NEAR(Jaro("MARTHA", "MARHTA"), 0.944444444444444, kTolerance);
}

}  // namespace
}  // namespace civharm::linkage
