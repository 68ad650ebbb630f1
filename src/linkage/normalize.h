// Name normalisation for record linkage: one canonical form per name, in any script, so that
// spellings which differ only in case, accents, Arabic vowel marks or letter variants, punctuation
// or spacing compare equal before any fuzzy comparison (string_compare.h) is applied.
//
//   NormalizeName("José  Muñoz-Pérez")  == "jose munoz perez"
//   NormalizeName("أَحْمَد")              == NormalizeName("احمد")
//   SortedTokens("Haddad, Amira")       == SortedTokens("amira HADDAD")  // "amira haddad"
//
// NormalizeName applies, in this order:
//   1. Invalid UTF-8 bytes are DROPPED (not replaced by U+FFFD): a stray Latin-1 "Mu\xF1oz" gives
//      "muoz", one edit from "munoz", rather than splitting the name in two at a replacement
//      character (which is a symbol and would become a space).
//   2. Compatibility decomposition with Unicode case folding (NFKD + full case fold: "ﬁ" → "fi",
//      full-width "Ａ" → "a", "ß" → "ss", Greek final sigma → σ). Default-ignorable code points
//      (soft hyphen, zero-width joiner and non-joiner, bidi marks, BOM) are removed.
//   3. Every nonspacing mark (category Mn) is removed: Latin, Greek and Cyrillic diacritics,
//      Hebrew points and the Arabic tashkeel (harakat U+064B–U+065F, superscript alef U+0670).
//      Caveat: in Brahmic scripts (Devanagari, Bengali, Thai, ...) some vowel signs and the virama
//      are also Mn, so names there lose those marks and may merge; both sides of a comparison are
//      treated alike, so this only over-merges.
//   4. Arabic script: tatweel U+0640 is removed; alef forms آ أ إ ٱ → ا; ta marbuta ة → ه;
//      alef maqsura ى → ي; Persian/Urdu yeh ی → ي and keheh ک → ك. (Hamza above or below a
//      letter is a mark and went in step 3, so ؤ → و and ئ → ي as well.)
//   5. Each run of whitespace (Z*), punctuation (P*), symbols (S*) and control or format
//      characters (Cc, Cf) becomes one ASCII space, and spaces at both ends are removed.
//   6. Canonical composition (so the result is NFC; e.g. Hangul syllables are rebuilt).
//
// Everything else (letters, digits of any script, private-use characters) is kept. The functions
// are pure and thread-safe; they allocate their results.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace civharm::linkage {

// The canonical form of a name, as described above. Never fails: any byte string is accepted.
// The result is valid UTF-8 in NFC, with single ASCII spaces between tokens; empty when nothing
// but separators (or invalid bytes) was given.
std::string NormalizeName(std::string_view utf8);

// NormalizeName(utf8) split on its spaces, in order: "Amira  Al-Haddad" → {"amira", "al",
// "haddad"}. Empty for an empty name.
std::vector<std::string> NameTokens(std::string_view utf8);

// The name's tokens sorted by byte order and joined with one space, so that word order does not
// matter: "Haddad, Amira" and "amira HADDAD" both give "amira haddad". Repeated tokens are kept.
std::string SortedTokens(std::string_view utf8);

}  // namespace civharm::linkage
