// Fuzzes the linkage of names, which come from files and forms civharm does not control: the
// bytes are split in two at the first NUL (or halfway) and both halves normalised and compared.
// Normalising must be idempotent and give valid UTF-8; every similarity must lie in [0, 1] and
// every comparator be symmetric; a string compared with itself must be identical under each.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/strings.h"
#include "fuzz_check.h"
#include "linkage/normalize.h"
#include "linkage/string_compare.h"

namespace {

void CheckPair(std::string_view a, std::string_view b) {
  using namespace civharm::linkage;
  const double jw = JaroWinkler(a, b);
  FUZZ_CHECK(jw >= 0 && jw <= 1);
  FUZZ_CHECK(jw == JaroWinkler(b, a));
  const double jaro = Jaro(a, b);
  FUZZ_CHECK(jaro >= 0 && jaro <= 1 && jaro == Jaro(b, a));
  const int lev = Levenshtein(a, b), osa = OptimalStringAlignment(a, b),
            dl = DamerauLevenshtein(a, b);
  FUZZ_CHECK(lev == Levenshtein(b, a) && osa == OptimalStringAlignment(b, a));
  FUZZ_CHECK(dl == DamerauLevenshtein(b, a));
  FUZZ_CHECK(0 <= dl && dl <= osa && osa <= lev);
  const double q = QGramJaccard(a, b), t = TokenJaccard(a, b);
  FUZZ_CHECK(q >= 0 && q <= 1 && q == QGramJaccard(b, a));
  FUZZ_CHECK(t >= 0 && t <= 1 && t == TokenJaccard(b, a));
  FUZZ_CHECK(Levenshtein(a, a) == 0 && JaroWinkler(a, a) == 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t cut = input.find('\0');
  if (cut == std::string_view::npos) cut = size / 2;
  const std::string_view first = input.substr(0, cut);
  const std::string_view second = input.substr(std::min(cut + 1, size));
  for (std::string_view raw : {first, second}) {
    const std::string normal = civharm::linkage::NormalizeName(raw);
    FUZZ_CHECK(civharm::IsValidUtf8(normal));
    FUZZ_CHECK(civharm::linkage::NormalizeName(normal) == normal);
    FUZZ_CHECK(civharm::linkage::SortedTokens(normal) == civharm::linkage::SortedTokens(raw));
  }
  CheckPair(first, second);
  CheckPair(civharm::linkage::NormalizeName(first), civharm::linkage::NormalizeName(second));
  return 0;
}
