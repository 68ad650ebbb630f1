// Writes two CSV lists of the same synthetic people for the linkage benchmark, in the manner of
// Febrl's dataset 4 (a and b): every person of the first list appears once in the second,
// written again with the slips real lists have — a letter swapped, dropped or mistyped, a name
// missing, a digit of the birth date or postcode wrong, given name and surname exchanged.
// Row i of one list is the same person as row i of the other, which is the truth the benchmark
// scores against. Deterministic for a given seed.
//
//   make_people PEOPLE OUT_A.csv OUT_B.csv [SEED]
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace {

const std::vector<std::string> kStarts = {
    "al", "am", "an", "ar", "ba", "be", "bi", "ca", "ch", "da", "de", "di", "el", "em", "fa",
    "fe", "ga", "ha", "he", "ib", "ja", "jo", "ka", "kh", "la", "le", "li", "ma", "me", "mi",
    "mo", "na", "ni", "no", "ol", "om", "pa", "qa", "ra", "re", "ri", "ro", "sa", "se", "sh",
    "si", "so", "ta", "te", "th", "to", "ul", "va", "wa", "ya", "yu", "za", "ze", "zi", "zo"};
const std::vector<std::string> kMiddles = {"", "b", "d", "l", "m", "n", "r", "s", "t", "v",
                                           "k", "sh", "th", "nd", "st", "rr"};
const std::vector<std::string> kEnds = {"a", "an", "ar", "as", "el", "en", "er", "es", "i",
                                        "ia", "id", "im", "in", "ir", "is", "o", "on", "or",
                                        "os", "ou", "um", "un", "ur", "y", "ah", "ed", "ik"};
const std::vector<std::string> kStates = {"nsw", "vic", "qld", "wa", "sa", "tas", "act", "nt"};

struct Person {
  std::string given, surname, dob, postcode, state, street_number;
};

// A name drawn with a skewed frequency, as real names are: some very common, most rare.
std::string Name(std::mt19937& rng, double skew) {
  std::uniform_real_distribution<double> u(0, 1);
  const auto pick = [&](const std::vector<std::string>& v) {
    return v[static_cast<size_t>(std::pow(u(rng), skew) * static_cast<double>(v.size()))];
  };
  return pick(kStarts) + pick(kMiddles) + pick(kEnds);
}

std::string Corrupt(std::string s, std::mt19937& rng) {
  if (s.size() < 2) return s;
  std::uniform_int_distribution<size_t> at(0, s.size() - 1);
  switch (rng() % 4) {
    case 0: {  // adjacent letters swapped
      const size_t i = std::min(at(rng), s.size() - 2);
      std::swap(s[i], s[i + 1]);
      break;
    }
    case 1:
      s.erase(at(rng), 1);
      break;
    case 2:
      s[at(rng)] = static_cast<char>('a' + rng() % 26);
      break;
    default:
      s.insert(at(rng), 1, static_cast<char>('a' + rng() % 26));
  }
  return s;
}

std::string CorruptDigits(std::string s, std::mt19937& rng) {
  if (s.empty()) return s;
  s[rng() % s.size()] = static_cast<char>('0' + rng() % 10);
  return s;
}

void Write(std::ofstream& out, const Person& p) {
  out << p.given << ',' << p.surname << ',' << p.street_number << ',' << p.postcode << ','
      << p.state << ',' << p.dob << '\n';
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: make_people PEOPLE OUT_A.csv OUT_B.csv [SEED]\n");
    return 2;
  }
  const long people = std::strtol(argv[1], nullptr, 10);
  std::mt19937 rng(argc > 4 ? static_cast<unsigned>(std::strtoul(argv[4], nullptr, 10)) : 4u);
  std::ofstream a(argv[2]), b(argv[3]);
  const char* header = "given_name,surname,street_number,postcode,state,date_of_birth\n";
  a << header;
  b << header;
  std::uniform_int_distribution<int> year(1920, 2010), month(1, 12), day(1, 28), post(1000, 9999),
      number(1, 300);
  for (long i = 0; i < people; ++i) {
    char dob[16];
    std::snprintf(dob, sizeof dob, "%04d%02d%02d", year(rng), month(rng), day(rng));
    Person p{Name(rng, 2.0), Name(rng, 1.5), dob, std::to_string(post(rng)),
             kStates[rng() % kStates.size()], std::to_string(number(rng))};
    Write(a, p);
    // Up to three slips per duplicate, as in Febrl 4.
    for (int slips = static_cast<int>(rng() % 4); slips > 0; --slips) {
      switch (rng() % 7) {
        case 0: p.given = Corrupt(p.given, rng); break;
        case 1: p.surname = Corrupt(p.surname, rng); break;
        case 2: p.dob = CorruptDigits(p.dob, rng); break;
        case 3: p.postcode = CorruptDigits(p.postcode, rng); break;
        case 4: p.given.clear(); break;
        case 5: std::swap(p.given, p.surname); break;
        default: p.street_number.clear();
      }
    }
    Write(b, p);
  }
  return a && b ? 0 : 1;
}
