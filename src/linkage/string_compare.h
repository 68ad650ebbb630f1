// String comparators for record linkage: how alike two (normalised, see normalize.h) names are.
// All of them work on Unicode code points, not bytes, so "أحمد" vs "احمد" is one substitution,
// not two byte edits. Each takes UTF-8 (decoded on every call) or pre-decoded code points; decode
// once with CodePoints() when one string is compared with many.
//
//   JaroWinkler("MARTHA", "MARHTA")        // 0.961111 (similarity)
//   Levenshtein("MARTHA", "MARHTA")        // 2
//   DamerauLevenshtein("MARTHA", "MARHTA") // 1
//   QGramJaccard("MARTHA", "MARHTA")       // 0.25 = 2 shared bigrams of 8 (similarity)
//
// Definitions (a, b strings of lengths |a|, |b| code points):
//   Jaro (Jaro 1989): characters match when equal and at most max(|a|,|b|)/2 − 1 positions apart
//     (integer division, at least 0), each character matched at most once, greedily left to
//     right; with m matches and t half the number of matched characters that are out of order,
//     Jaro = (m/|a| + m/|b| + (m − t)/m) / 3, and 0 when m = 0. A similarity in [0, 1].
//   Jaro–Winkler (Winkler 1990): Jaro + ℓ·p·(1 − Jaro), with ℓ the length of the common prefix up
//     to max_prefix code points and p the prefix_scale. As in R stringdist, the boost is applied
//     whatever the Jaro value (no 0.7 threshold). ℓ·p is capped at 1 so the result stays ≤ 1.
//   Levenshtein (1966): fewest insertions, deletions and substitutions turning a into b.
//   Optimal string alignment (restricted Damerau–Levenshtein): also swaps of two adjacent
//     characters, but no substring may be edited twice ("CA" → "ABC" costs 3).
//   Damerau–Levenshtein (Damerau 1964; unrestricted, Lowrance & Wagner 1975): edits and adjacent
//     transpositions with no restriction; a true metric ("CA" → "ABC" costs 2).
//   q-gram Jaccard: |A ∩ B| / |A ∪ B| for the SETS A, B of q-grams (substrings of q code points;
//     repeats count once). A SIMILARITY in [0, 1], like the jaccard_q2 column of the reference
//     file shared/data/linkage/string_similarity_reference.csv (MARTHA/MARHTA: 0.25, checked on
//     all 25 defined rows); stringdist's method "jaccard" itself reports the distance 1 − this.
//   Token Jaccard: the same on the sets of tokens separated by ASCII whitespace (bytewise equal).
//
// Conventions, matching R stringdist 0.9.10 where it defines a value:
//   - Jaro("", "") = JaroWinkler("", "") = 1; Jaro(x, "") = 0 for non-empty x.
//   - Edit distances of x and "" are |x| (in code points).
//   - QGramJaccard when neither string has a q-gram (both shorter than q; stringdist gives NA):
//     1 if the strings are identical, else 0. So ("", "") = 1, ("a", "a") = 1, ("a", "") = 0.
//     When only one side has q-grams the formula gives 0.
//   - TokenJaccard("", "") = 1 (two empty token sets are equal); callers should treat missing
//     names as missing rather than compare them.
//   - Invalid UTF-8: each byte that is not part of a well-formed sequence decodes as one U+FFFD.
//     (NormalizeName drops such bytes instead; normalised input is always valid.)
//
// Performance: no heap allocation per call once a thread's scratch buffers have grown to the
// longest strings seen (thread_local, reused); Levenshtein and OSA use O(min(|a|,|b|)) rows;
// Damerau–Levenshtein needs the full (|a|+2)·(|b|+2) table. All functions are thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace civharm::linkage {

// The code points of `utf8`; invalid bytes become U+FFFD, one per byte.
std::u32string CodePoints(std::string_view utf8);

// Jaro similarity in [0, 1].
double Jaro(std::string_view a, std::string_view b);
double Jaro(std::u32string_view a, std::u32string_view b);

// Jaro–Winkler similarity in [0, 1]. prefix_scale is Winkler's p (0.1; keep it ≤ 1/max_prefix);
// a negative max_prefix counts as 0.
double JaroWinkler(std::string_view a, std::string_view b, double prefix_scale = 0.1,
                   int max_prefix = 4);
double JaroWinkler(std::u32string_view a, std::u32string_view b, double prefix_scale = 0.1,
                   int max_prefix = 4);

// Edit distances in code points, each ≥ 0.
int Levenshtein(std::string_view a, std::string_view b);
int Levenshtein(std::u32string_view a, std::u32string_view b);
int OptimalStringAlignment(std::string_view a, std::string_view b);
int OptimalStringAlignment(std::u32string_view a, std::u32string_view b);
int DamerauLevenshtein(std::string_view a, std::string_view b);
int DamerauLevenshtein(std::u32string_view a, std::u32string_view b);

// Jaccard similarity of the q-gram sets, in [0, 1]. q < 1 counts as 1.
double QGramJaccard(std::string_view a, std::string_view b, int q = 2);
double QGramJaccard(std::u32string_view a, std::u32string_view b, int q = 2);

// Jaccard similarity of the sets of whitespace-separated tokens, in [0, 1]:
// TokenJaccard("amira al haddad", "haddad amira") == 2.0 / 3.
double TokenJaccard(std::string_view a, std::string_view b);

}  // namespace civharm::linkage
