#include "linkage/normalize.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace civharm::linkage {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(NormalizeNameTest, RemovesLatinDiacriticsAndFoldsCase) {
  EXPECT_EQ(NormalizeName("José Muñoz"), "jose munoz");
  EXPECT_EQ(NormalizeName("FRANÇOIS Ærø"), "francois ærø");  // æ and ø are letters, not marks
  EXPECT_EQ(NormalizeName("Nguyễn Thị Hằng"), "nguyen thi hang");
  // Precomposed and decomposed spellings give the same bytes.
  EXPECT_EQ(NormalizeName("Jos\u00e9"), NormalizeName("Jose\u0301"));
}

TEST(NormalizeNameTest, CaseFoldsSharpS) {
  EXPECT_EQ(NormalizeName("Straße"), "strasse");
  EXPECT_EQ(NormalizeName("STRASSE"), "strasse");
}

TEST(NormalizeNameTest, AppliesCompatibilityDecomposition) {
  EXPECT_EQ(NormalizeName("\uFB01"), "fi");                             // ﬁ ligature
  EXPECT_EQ(NormalizeName("\uFF21\uFF4D\uFF49\uFF52\uFF41"), "amira");  // full-width Ａｍｉｒａ
  EXPECT_EQ(NormalizeName("Ⅻ"), "xii");                                 // Roman numeral twelve
  // Arabic presentation forms become the base letters: ﻣﺤﻤﺪ → محمد.
  EXPECT_EQ(NormalizeName("\uFEE3\uFEA4\uFEE4\uFEAA"), "محمد");
}

TEST(NormalizeNameTest, RemovesArabicTashkeel) {
  EXPECT_EQ(NormalizeName("أَحْمَد"), NormalizeName("احمد"));
  EXPECT_EQ(NormalizeName("أَحْمَد"), "احمد");
  EXPECT_EQ(NormalizeName("مُحَمَّدٌ"), "محمد");  // damma, fatha, shadda, dammatan
  EXPECT_EQ(NormalizeName("رحمٰن"), "رحمن");  // superscript alef U+0670
}

TEST(NormalizeNameTest, UnifiesArabicLetterVariants) {
  EXPECT_EQ(NormalizeName("فاطمة"), NormalizeName("فاطمه"));  // ta marbuta
  EXPECT_EQ(NormalizeName("مصطفى"), NormalizeName("مصطفي"));  // alef maqsura
  EXPECT_EQ(NormalizeName("إبراهيم"), "ابراهيم");             // alef with hamza below
  EXPECT_EQ(NormalizeName("آمنة"), "امنه");                   // alef with madda
  EXPECT_EQ(NormalizeName("ٱلله"), "الله");                   // alef wasla
  EXPECT_EQ(NormalizeName("علی"), NormalizeName("علي"));      // Persian yeh
  EXPECT_EQ(NormalizeName("کریم"), NormalizeName("كريم"));    // keheh and Persian yeh
}

TEST(NormalizeNameTest, RemovesTatweel) {
  EXPECT_EQ(NormalizeName("محـــمد"), "محمد");
}

TEST(NormalizeNameTest, FoldsCyrillicAndGreekCase) {
  EXPECT_EQ(NormalizeName("ОЛЕКСАНДР Шевченко"), "олександр шевченко");
  EXPECT_EQ(NormalizeName("ΓΙΏΡΓΟΣ"), "γιωργοσ");  // tonos removed, final sigma folded
  EXPECT_EQ(NormalizeName("Γιώργος"), "γιωργοσ");
}

TEST(NormalizeNameTest, CollapsesPunctuationAndWhitespace) {
  EXPECT_EQ(NormalizeName("  Haddad,\tAmira  "), "haddad amira");
  EXPECT_EQ(NormalizeName("al-Hassan (\"Abu Ali\")"), "al hassan abu ali");
  EXPECT_EQ(NormalizeName("O'Brien\u00a0\u2014 Jr."), "o brien jr");  // no-break space, em dash
  EXPECT_EQ(NormalizeName("عبد،الله"), "عبد الله");                   // Arabic comma
  EXPECT_EQ(NormalizeName("a\r\nb\x01"
                          "c"),
            "a b c");  // control characters
  EXPECT_EQ(NormalizeName(" ,.;- "), "");
  EXPECT_EQ(NormalizeName(""), "");
}

TEST(NormalizeNameTest, RemovesDefaultIgnorables) {
  EXPECT_EQ(NormalizeName("Ami\u00adra"), "amira");        // soft hyphen
  EXPECT_EQ(NormalizeName("\uFEFFAmira\u200f"), "amira");  // BOM, right-to-left mark
}

TEST(NormalizeNameTest, KeepsDigitsAndOtherScripts) {
  EXPECT_EQ(NormalizeName("Unit 731"), "unit 731");
  EXPECT_EQ(NormalizeName("김민준"), "김민준");  // Hangul is decomposed and recomposed
  EXPECT_EQ(NormalizeName("王小明"), "王小明");
}

TEST(NormalizeNameTest, DropsInvalidUtf8Bytes) {
  EXPECT_EQ(NormalizeName("Mu\xF1oz"), "muoz");  // Latin-1 ñ
  EXPECT_EQ(NormalizeName("\xFF\xFE"
                          "Amira"),
            "amira");
  EXPECT_EQ(NormalizeName("abc\xE2\x82"), "abc");  // truncated sequence
  EXPECT_EQ(NormalizeName("a\xC0\xAF"
                          "b"),
            "ab");  // overlong '/'
  EXPECT_EQ(NormalizeName("a\xED\xA0\x80"
                          "b"),
            "ab");                                            // encoded surrogate
  EXPECT_EQ(NormalizeName("\xC3\xA9\x80tienne"), "etienne");  // stray continuation byte
  EXPECT_EQ(NormalizeName("\x80\x81\x82"), "");
}

TEST(NormalizeNameTest, OutputIsAFixedPoint) {
  for (const char* name : {"José Muñoz", "أَحْمَد بن عليّ", "Straße", "ﬁ Ⅻ", "Γιώργος"}) {
    const std::string once = NormalizeName(name);
    EXPECT_EQ(NormalizeName(once), once) << name;
  }
}

TEST(NameTokensTest, SplitsTheNormalisedName) {
  EXPECT_THAT(NameTokens("Amira  Al-Haddad"), ElementsAre("amira", "al", "haddad"));
  EXPECT_THAT(NameTokens(" -- "), IsEmpty());
  EXPECT_THAT(NameTokens(""), IsEmpty());
}

TEST(SortedTokensTest, IgnoresWordOrder) {
  EXPECT_EQ(SortedTokens("Haddad, Amira"), "amira haddad");
  EXPECT_EQ(SortedTokens("amira HADDAD"), "amira haddad");
  EXPECT_EQ(SortedTokens("فاطمة علي"), SortedTokens("علي، فاطمه"));
  EXPECT_EQ(SortedTokens("b a b"), "a b b");  // repeats are kept
  EXPECT_EQ(SortedTokens(""), "");
}

}  // namespace
}  // namespace civharm::linkage
