#include "linkage/normalize.h"

#include <algorithm>
#include <cstdint>

#include <utf8proc.h>

namespace civharm::linkage {
namespace {

using CodePoint = utf8proc_int32_t;

const utf8proc_uint8_t* Bytes(std::string_view s) {
  return reinterpret_cast<const utf8proc_uint8_t*>(s.data());
}

// True when every byte of `s` belongs to a well-formed UTF-8 sequence (utf8proc's rules: no
// overlong forms, surrogates or values past U+10FFFF).
bool IsWellFormed(std::string_view s) {
  const auto* p = Bytes(s);
  utf8proc_ssize_t i = 0;
  const auto n = static_cast<utf8proc_ssize_t>(s.size());
  CodePoint cp;
  while (i < n) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    const utf8proc_ssize_t len = utf8proc_iterate(p + i, n - i, &cp);
    if (len < 0) return false;
    i += len;
  }
  return true;
}

// `s` without the bytes that are not part of a well-formed sequence. Each offending byte is
// dropped on its own, so a truncated sequence loses only its lead byte and the bytes after it are
// examined afresh.
std::string DropInvalidBytes(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  const auto* p = Bytes(s);
  utf8proc_ssize_t i = 0;
  const auto n = static_cast<utf8proc_ssize_t>(s.size());
  CodePoint cp;
  while (i < n) {
    const utf8proc_ssize_t len = utf8proc_iterate(p + i, n - i, &cp);
    if (len < 0) {
      ++i;
      continue;
    }
    out.append(s.substr(static_cast<size_t>(i), static_cast<size_t>(len)));
    i += len;
  }
  return out;
}

// Steps 1–2 of the header: compatibility decomposition, case folding and removal of default
// ignorables, as code points. `utf8` must be well-formed.
std::vector<CodePoint> DecomposeAndFold(std::string_view utf8) {
  constexpr auto kOptions = static_cast<utf8proc_option_t>(
      UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
  // Most names decompose to no more code points than they have bytes; retry once if not.
  std::vector<CodePoint> cps(utf8.size() + 8);
  while (true) {
    const utf8proc_ssize_t n =
        utf8proc_decompose(Bytes(utf8), static_cast<utf8proc_ssize_t>(utf8.size()), cps.data(),
                           static_cast<utf8proc_ssize_t>(cps.size()), kOptions);
    // Errors are out of memory or a string near SSIZE_MAX bytes: nothing sensible to return.
    if (n < 0) return {};
    const bool fits = static_cast<size_t>(n) <= cps.size();
    cps.resize(static_cast<size_t>(n));
    if (fits) return cps;
  }
}

bool IsSeparator(CodePoint cp) {
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
    case UTF8PROC_CATEGORY_SM:
    case UTF8PROC_CATEGORY_SC:
    case UTF8PROC_CATEGORY_SK:
    case UTF8PROC_CATEGORY_SO:
    case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CF:
      return true;
    default:
      return false;
  }
}

// Step 4: the one spelling kept for each Arabic-script letter variant; 0 drops the code point.
CodePoint UnifyArabic(CodePoint cp) {
  switch (cp) {
    case 0x0640:  // tatweel (kashida), a stretching stroke with no sound
      return 0;
    case 0x0622:  // alef with madda above
    case 0x0623:  // alef with hamza above
    case 0x0625:  // alef with hamza below
    case 0x0671:  // alef wasla
      return 0x0627;
    case 0x0629:  // ta marbuta
      return 0x0647;
    case 0x0649:  // alef maqsura
    case 0x06CC:  // Farsi yeh
      return 0x064A;
    case 0x06A9:  // keheh (Persian/Urdu kaf)
      return 0x0643;
    default:
      return cp;
  }
}

// Steps 3–5 in place; returns the new length.
size_t StripUnifyAndSeparate(std::vector<CodePoint>& cps) {
  size_t w = 0;
  for (const CodePoint cp : cps) {
    if (utf8proc_category(cp) == UTF8PROC_CATEGORY_MN) continue;
    if (IsSeparator(cp)) {
      if (w > 0 && cps[w - 1] != ' ') cps[w++] = ' ';
      continue;
    }
    const CodePoint kept = UnifyArabic(cp);
    if (kept != 0) cps[w++] = kept;
  }
  if (w > 0 && cps[w - 1] == ' ') --w;
  return w;
}

}  // namespace

std::string NormalizeName(std::string_view utf8) {
  std::string cleaned;
  if (!IsWellFormed(utf8)) {
    cleaned = DropInvalidBytes(utf8);
    utf8 = cleaned;
  }
  if (utf8.empty()) return {};
  std::vector<CodePoint> cps = DecomposeAndFold(utf8);
  const size_t n = StripUnifyAndSeparate(cps);
  if (n == 0) return {};
  // Step 6. utf8proc_reencode composes in place and writes the UTF-8 over the same buffer, which
  // holds 4 bytes per code point: enough for any encoding.
  const utf8proc_ssize_t bytes =
      utf8proc_reencode(cps.data(), static_cast<utf8proc_ssize_t>(n),
                        static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  if (bytes < 0) return {};
  return std::string(reinterpret_cast<const char*>(cps.data()), static_cast<size_t>(bytes));
}

std::vector<std::string> NameTokens(std::string_view utf8) {
  const std::string name = NormalizeName(utf8);
  std::vector<std::string> tokens;
  size_t start = 0;
  while (start < name.size()) {
    size_t end = name.find(' ', start);
    if (end == std::string::npos) end = name.size();
    tokens.emplace_back(name, start, end - start);
    start = end + 1;
  }
  return tokens;
}

std::string SortedTokens(std::string_view utf8) {
  std::vector<std::string> tokens = NameTokens(utf8);
  std::sort(tokens.begin(), tokens.end());
  std::string out;
  for (const std::string& t : tokens) {
    if (!out.empty()) out += ' ';
    out += t;
  }
  return out;
}

}  // namespace civharm::linkage
