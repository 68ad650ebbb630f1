// Fuzzes the mapping-file reader (io::ParseMapping, YAML or JSON text) and the mapped CSV import
// that applies a mapping. The input is the mapping text, optionally followed by a NUL byte and a
// CSV file to read through it. Nothing may crash or throw, whatever the mapping says (yaml-cpp's
// own exceptions must stop at ParseMapping). A mapping that parses must pass the same checks a
// mapping built in code goes through (ValidateMapping), and the CSV read through it must keep the
// reader's promise that every row is either a valid record of the mapping's kind or the reasons
// it is not, never both and never neither.

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "fuzz_check.h"
#include "io/io.h"
#include "io/mapping.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace civharm;
  const std::string_view input = fuzz::AsText(data, size);
  const size_t nul = input.find('\0');
  const std::string_view text = input.substr(0, nul);
  auto mapping = io::ParseMapping(text);
  if (!mapping) {
    FUZZ_CHECK(mapping.error().code() == ErrorCode::kInvalidArgument);
    return 0;
  }
  const Status valid = io::internal::ValidateMapping(*mapping);
  if (!valid.ok()) std::fprintf(stderr, "%s\n", valid.ToString().c_str());
  FUZZ_CHECK(valid.ok());
  if (nul == std::string_view::npos) return 0;

  std::istringstream in{std::string(input.substr(nul + 1))};
  auto reader = io::OpenReader(in, {.format = io::ImportFormat::kCsv, .mapping = &*mapping});
  if (!reader) return 0;
  FUZZ_CHECK((*reader)->kind() == mapping->entity);
  for (size_t guard = 0; guard <= size + 1; ++guard) {
    auto row = (*reader)->Next();
    if (!row || !*row) return 0;
    const io::ImportRow& r = **row;
    FUZZ_CHECK(r.record.has_value() != !r.errors.empty());
    if (r.record) {
      FUZZ_CHECK(KindOf(*r.record) == mapping->entity);
      FUZZ_CHECK(Validate(*r.record).ok());
    }
  }
  FUZZ_CHECK(false && "more rows than input bytes");
  return 0;
}
