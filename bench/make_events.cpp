// Writes a UCDP GED CSV of N events for benchmarks: the rows of a real GED file, repeated with
// fresh event ids so that every row is a new event.
//
//   make_events SAMPLE.csv N OUT.csv [FIRST]
//
// Row k (from FIRST, default 0) repeats sample row k mod the sample's size, with its id raised by
// 100,000,000 for each time round the sample, so files made from different FIRSTs never share
// an id.
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

// Records of CSV text, split at line ends outside quotes.
std::vector<std::string> Records(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (c == '\n' && !quoted) {
      if (!cur.empty() && cur.back() == '\r') cur.pop_back();
      out.push_back(std::move(cur));
      cur.clear();
      continue;
    }
    cur += c;
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 && argc != 5) {
    std::cerr << "usage: make_events SAMPLE.csv N OUT.csv [FIRST]\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << "make_events: cannot read " << argv[1] << "\n";
    return 2;
  }
  std::stringstream text;
  text << in.rdbuf();
  const std::vector<std::string> records = Records(text.str());
  const long long n = std::atoll(argv[2]);
  const long long first = argc == 5 ? std::atoll(argv[4]) : 0;
  if (records.size() < 2 || n < 1) {
    std::cerr << "make_events: nothing to repeat\n";
    return 2;
  }
  std::ofstream out(argv[3], std::ios::binary);
  out << records[0] << '\n';
  const size_t rows = records.size() - 1;
  for (long long i = first; i < first + n; ++i) {
    const std::string& r = records[1 + static_cast<size_t>(i) % rows];
    const size_t comma = r.find(',');
    const long long copy = i / static_cast<long long>(rows);
    out << std::stoll(r.substr(0, comma)) + copy * 100'000'000LL << r.substr(comma) << '\n';
  }
  return out ? 0 : 1;
}
