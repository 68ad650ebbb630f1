#include "linkage/string_compare.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace civharm::linkage {
namespace {

// Working memory for one call: N elements on the stack for the usual short names, else the
// caller's thread-local vector, which keeps its capacity between calls. A function must not hold
// two Scratch objects on the same fallback vector.
template <typename T, size_t N>
class Scratch {
 public:
  Scratch(size_t n, std::vector<T>& fallback) {
    if (n <= N) {
      data_ = stack_;
    } else {
      if (fallback.size() < n) fallback.resize(n);
      data_ = fallback.data();
    }
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

  T* data() { return data_; }
  T& operator[](size_t i) { return data_[i]; }

 private:
  T stack_[N];
  T* data_;
};

// The length of the well-formed UTF-8 sequence at p[0] (a byte ≥ 0x80) and its code point, or 0
// when it is not one (Unicode Table 3-7: no overlong forms, surrogates or values past U+10FFFF).
int DecodeMultiByte(const unsigned char* p, size_t available, char32_t& cp) {
  const unsigned lead = p[0];
  int len;
  unsigned lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    len = 2;
    cp = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    len = 3;
    cp = lead & 0x0F;
    if (lead == 0xE0) lo = 0xA0;
    if (lead == 0xED) hi = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    len = 4;
    cp = lead & 0x07;
    if (lead == 0xF0) lo = 0x90;
    if (lead == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (available < static_cast<size_t>(len)) return 0;
  for (int k = 1; k < len; ++k) {
    const unsigned c = p[k];
    if (c < (k == 1 ? lo : 0x80u) || c > (k == 1 ? hi : 0xBFu)) return 0;
    cp = (cp << 6) | (c & 0x3F);
  }
  return len;
}

void DecodeInto(std::string_view utf8, std::u32string& out) {
  out.clear();
  const auto* p = reinterpret_cast<const unsigned char*>(utf8.data());
  const size_t n = utf8.size();
  size_t i = 0;
  while (i < n) {
    if (p[i] < 0x80) {
      out.push_back(p[i++]);
      continue;
    }
    char32_t cp;
    const int len = DecodeMultiByte(p + i, n - i, cp);
    if (len == 0) {
      out.push_back(U'\uFFFD');
      ++i;
    } else {
      out.push_back(cp);
      i += static_cast<size_t>(len);
    }
  }
}

struct DecodedPair {
  std::u32string_view a, b;
};

// Both strings decoded into this thread's buffers; valid until the thread's next call.
DecodedPair Decode(std::string_view a, std::string_view b) {
  thread_local std::u32string buffer_a, buffer_b;
  DecodeInto(a, buffer_a);
  DecodeInto(b, buffer_b);
  return {buffer_a, buffer_b};
}

// Removes the common prefix and suffix, which never change an edit distance (an optimal edit
// script need not touch them).
void StripCommonAffixes(std::u32string_view& a, std::u32string_view& b) {
  size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  a.remove_prefix(prefix);
  b.remove_prefix(prefix);
  size_t suffix = 0;
  while (suffix < a.size() && suffix < b.size() &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  a.remove_suffix(suffix);
  b.remove_suffix(suffix);
}

// |A ∩ B| / |A ∪ B| for two sorted, duplicate-free ranges.
template <typename T, typename Less>
double SortedJaccard(const T* a, size_t na, const T* b, size_t nb, Less less) {
  size_t i = 0, j = 0, common = 0;
  while (i < na && j < nb) {
    if (less(a[i], b[j])) {
      ++i;
    } else if (less(b[j], a[i])) {
      ++j;
    } else {
      ++common;
      ++i;
      ++j;
    }
  }
  return static_cast<double>(common) / static_cast<double>(na + nb - common);
}

// Sorts [first, first + n) and removes repeats; returns the new length.
template <typename T, typename Less>
size_t SortUnique(T* first, size_t n, Less less) {
  std::sort(first, first + n, less);
  const auto equal = [&](const T& x, const T& y) { return !less(x, y) && !less(y, x); };
  return static_cast<size_t>(std::unique(first, first + n, equal) - first);
}

}  // namespace

std::u32string CodePoints(std::string_view utf8) {
  std::u32string out;
  out.reserve(utf8.size());
  DecodeInto(utf8, out);
  return out;
}

double Jaro(std::u32string_view a, std::u32string_view b) {
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  const size_t la = a.size(), lb = b.size();
  const size_t half = std::max(la, lb) / 2;
  const size_t window = half > 0 ? half - 1 : 0;

  thread_local std::vector<uint8_t> heap;
  Scratch<uint8_t, 256> flags(la + lb, heap);
  uint8_t* matched_a = flags.data();
  uint8_t* matched_b = flags.data() + la;
  std::fill(matched_a, matched_a + la + lb, uint8_t{0});

  size_t m = 0;
  for (size_t i = 0; i < la; ++i) {
    const size_t lo = i > window ? i - window : 0;
    const size_t hi = std::min(lb, i + window + 1);
    for (size_t j = lo; j < hi; ++j) {
      if (!matched_b[j] && a[i] == b[j]) {
        matched_a[i] = matched_b[j] = 1;
        ++m;
        break;
      }
    }
  }
  if (m == 0) return 0.0;

  // Walk both strings' matched characters in order; each pair that differs is half a
  // transposition.
  size_t out_of_order = 0;
  for (size_t i = 0, k = 0; i < la; ++i) {
    if (!matched_a[i]) continue;
    while (!matched_b[k]) ++k;
    if (a[i] != b[k]) ++out_of_order;
    ++k;
  }
  const double dm = static_cast<double>(m);
  const double t = static_cast<double>(out_of_order) / 2.0;
  return (dm / static_cast<double>(la) + dm / static_cast<double>(lb) + (dm - t) / dm) / 3.0;
}

double Jaro(std::string_view a, std::string_view b) {
  const DecodedPair d = Decode(a, b);
  return Jaro(d.a, d.b);
}

double JaroWinkler(std::u32string_view a, std::u32string_view b, double prefix_scale,
                   int max_prefix) {
  const double jaro = Jaro(a, b);
  const size_t limit = std::min({a.size(), b.size(), static_cast<size_t>(std::max(max_prefix, 0))});
  size_t prefix = 0;
  while (prefix < limit && a[prefix] == b[prefix]) ++prefix;
  const double boost = std::clamp(static_cast<double>(prefix) * prefix_scale, 0.0, 1.0);
  return jaro + boost * (1.0 - jaro);
}

double JaroWinkler(std::string_view a, std::string_view b, double prefix_scale, int max_prefix) {
  const DecodedPair d = Decode(a, b);
  return JaroWinkler(d.a, d.b, prefix_scale, max_prefix);
}

int Levenshtein(std::u32string_view a, std::u32string_view b) {
  StripCommonAffixes(a, b);
  if (a.size() < b.size()) std::swap(a, b);  // the row runs over the shorter string
  const size_t la = a.size(), lb = b.size();
  if (lb == 0) return static_cast<int>(la);

  // One row of the DP table: row[j] is the distance of a[0..i) and b[0..j).
  thread_local std::vector<int> heap;
  Scratch<int, 256> row(lb + 1, heap);
  for (size_t j = 0; j <= lb; ++j) row[j] = static_cast<int>(j);
  for (size_t i = 1; i <= la; ++i) {
    int diagonal = row[0];  // d[i-1][j-1]
    row[0] = static_cast<int>(i);
    for (size_t j = 1; j <= lb; ++j) {
      const int above = row[j];
      const int substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitute});
      diagonal = above;
    }
  }
  return row[lb];
}

int Levenshtein(std::string_view a, std::string_view b) {
  const DecodedPair d = Decode(a, b);
  return Levenshtein(d.a, d.b);
}

int OptimalStringAlignment(std::u32string_view a, std::u32string_view b) {
  StripCommonAffixes(a, b);
  if (a.size() < b.size()) std::swap(a, b);
  const size_t la = a.size(), lb = b.size();
  if (lb == 0) return static_cast<int>(la);

  // Rows i-2, i-1 and i of the DP table, rotated.
  thread_local std::vector<int> heap;
  Scratch<int, 384> rows(3 * (lb + 1), heap);
  int* two_up = rows.data();
  int* up = two_up + (lb + 1);
  int* cur = up + (lb + 1);
  for (size_t j = 0; j <= lb; ++j) up[j] = static_cast<int>(j);
  for (size_t i = 1; i <= la; ++i) {
    cur[0] = static_cast<int>(i);
    for (size_t j = 1; j <= lb; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int d = std::min({up[j] + 1, cur[j - 1] + 1, up[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d = std::min(d, two_up[j - 2] + 1);
      }
      cur[j] = d;
    }
    std::swap(two_up, up);  // old i-1 becomes i-2
    std::swap(up, cur);     // row i becomes i-1; the old i-2 row is overwritten next
  }
  return up[lb];
}

int OptimalStringAlignment(std::string_view a, std::string_view b) {
  const DecodedPair d = Decode(a, b);
  return OptimalStringAlignment(d.a, d.b);
}

int DamerauLevenshtein(std::u32string_view a, std::u32string_view b) {
  StripCommonAffixes(a, b);
  const size_t la = a.size(), lb = b.size();
  if (la == 0 || lb == 0) return static_cast<int>(la + lb);

  // Lowrance–Wagner needs, for each character of b, the last row of a where it occurred. Code
  // points are many, so b's distinct characters are numbered: alphabet is b sorted and unique,
  // code_b[j] and code_a[i] index into it (code_a is -1 for characters absent from b, which can
  // never start a transposition with b).
  thread_local std::vector<char32_t> alphabet_heap;
  Scratch<char32_t, 64> alphabet(lb, alphabet_heap);
  std::copy(b.begin(), b.end(), alphabet.data());
  const size_t sigma =
      SortUnique(alphabet.data(), lb, [](char32_t x, char32_t y) { return x < y; });
  const auto code_of = [&](char32_t c) -> int {
    const char32_t* first = alphabet.data();
    const char32_t* last = first + sigma;
    const char32_t* it = std::lower_bound(first, last, c);
    return it != last && *it == c ? static_cast<int>(it - first) : -1;
  };

  // One int array: last_row[sigma], code_a[la], code_b[lb], then the (la+2)·(lb+2) table h,
  // where h(i+1, j+1) is the distance of a[0..i) and b[0..j) and row/column 0 hold a sentinel.
  const size_t width = lb + 2;
  thread_local std::vector<int> heap;
  Scratch<int, 1536> ints(sigma + la + lb + (la + 2) * width, heap);
  int* last_row = ints.data();
  int* code_a = last_row + sigma;
  int* code_b = code_a + la;
  int* h = code_b + lb;
  std::fill(last_row, last_row + sigma, 0);
  for (size_t i = 0; i < la; ++i) code_a[i] = code_of(a[i]);
  for (size_t j = 0; j < lb; ++j) code_b[j] = code_of(b[j]);
  const auto at = [&](size_t i, size_t j) -> int& { return h[i * width + j]; };

  const int infinity = static_cast<int>(la + lb);
  at(0, 0) = infinity;
  for (size_t i = 0; i <= la; ++i) {
    at(i + 1, 0) = infinity;
    at(i + 1, 1) = static_cast<int>(i);
  }
  for (size_t j = 0; j <= lb; ++j) {
    at(0, j + 1) = infinity;
    at(1, j + 1) = static_cast<int>(j);
  }
  for (size_t i = 1; i <= la; ++i) {
    size_t last_col = 0;  // last column of this row where a[i-1] matched
    for (size_t j = 1; j <= lb; ++j) {
      const size_t i1 = static_cast<size_t>(last_row[code_b[j - 1]]);
      const size_t j1 = last_col;
      int cost = 1;
      if (a[i - 1] == b[j - 1]) {
        cost = 0;
        last_col = j;
      }
      // A transposition of b[j-1] (last seen in a at row i1) and a[i-1] (last matched in b at
      // column j1), with everything between them deleted or inserted.
      const int transpose =
          at(i1, j1) + static_cast<int>(i - i1 - 1) + 1 + static_cast<int>(j - j1 - 1);
      at(i + 1, j + 1) = std::min({at(i, j) + cost, at(i + 1, j) + 1, at(i, j + 1) + 1, transpose});
    }
    if (code_a[i - 1] >= 0) last_row[code_a[i - 1]] = static_cast<int>(i);
  }
  return at(la + 1, lb + 1);
}

int DamerauLevenshtein(std::string_view a, std::string_view b) {
  const DecodedPair d = Decode(a, b);
  return DamerauLevenshtein(d.a, d.b);
}

double QGramJaccard(std::u32string_view a, std::u32string_view b, int q) {
  const size_t qq = static_cast<size_t>(std::max(q, 1));
  const size_t na = a.size() >= qq ? a.size() - qq + 1 : 0;
  const size_t nb = b.size() >= qq ? b.size() - qq + 1 : 0;
  if (na == 0 && nb == 0) return a == b ? 1.0 : 0.0;
  if (na == 0 || nb == 0) return 0.0;

  if (qq <= 3) {
    // A q-gram of up to three 21-bit code points packs into one 64-bit key.
    const auto pack = [qq](const char32_t* p) {
      uint64_t key = 0;
      for (size_t k = 0; k < qq; ++k) key = (key << 21) | (p[k] & 0x1FFFFF);
      return key;
    };
    thread_local std::vector<uint64_t> heap;
    Scratch<uint64_t, 128> keys(na + nb, heap);
    uint64_t* ka = keys.data();
    uint64_t* kb = ka + na;
    for (size_t i = 0; i < na; ++i) ka[i] = pack(a.data() + i);
    for (size_t j = 0; j < nb; ++j) kb[j] = pack(b.data() + j);
    const auto less = [](uint64_t x, uint64_t y) { return x < y; };
    const size_t ua = SortUnique(ka, na, less);
    const size_t ub = SortUnique(kb, nb, less);
    return SortedJaccard(ka, ua, kb, ub, less);
  }

  thread_local std::vector<std::u32string_view> heap;
  Scratch<std::u32string_view, 64> grams(na + nb, heap);
  std::u32string_view* ga = grams.data();
  std::u32string_view* gb = ga + na;
  for (size_t i = 0; i < na; ++i) ga[i] = a.substr(i, qq);
  for (size_t j = 0; j < nb; ++j) gb[j] = b.substr(j, qq);
  const auto less = [](std::u32string_view x, std::u32string_view y) { return x < y; };
  const size_t ua = SortUnique(ga, na, less);
  const size_t ub = SortUnique(gb, nb, less);
  return SortedJaccard(ga, ua, gb, ub, less);
}

double QGramJaccard(std::string_view a, std::string_view b, int q) {
  const DecodedPair d = Decode(a, b);
  return QGramJaccard(d.a, d.b, q);
}

double TokenJaccard(std::string_view a, std::string_view b) {
  constexpr std::string_view kSpace = " \t\n\v\f\r";
  const auto count_tokens = [&](std::string_view s) {
    size_t n = 0;
    for (size_t pos = s.find_first_not_of(kSpace); pos != std::string_view::npos;
         pos = s.find_first_not_of(kSpace, s.find_first_of(kSpace, pos))) {
      ++n;
    }
    return n;
  };
  const auto split_into = [&](std::string_view s, std::string_view* out) {
    size_t pos = s.find_first_not_of(kSpace);
    while (pos != std::string_view::npos) {
      const size_t end = std::min(s.find_first_of(kSpace, pos), s.size());
      *out++ = s.substr(pos, end - pos);
      pos = s.find_first_not_of(kSpace, end);
    }
  };
  const size_t na = count_tokens(a), nb = count_tokens(b);
  if (na == 0 && nb == 0) return 1.0;
  if (na == 0 || nb == 0) return 0.0;

  thread_local std::vector<std::string_view> heap;
  Scratch<std::string_view, 32> tokens(na + nb, heap);
  std::string_view* ta = tokens.data();
  std::string_view* tb = ta + na;
  split_into(a, ta);
  split_into(b, tb);
  const auto less = [](std::string_view x, std::string_view y) { return x < y; };
  const size_t ua = SortUnique(ta, na, less);
  const size_t ub = SortUnique(tb, nb, less);
  return SortedJaccard(ta, ua, tb, ub, less);
}

}  // namespace civharm::linkage
