// OpenReader: picks the reader for the format, and guards the io.h boundary so that no
// exception (an allocation failure, a library surprise) ever escapes to the caller.

#include "io/io.h"

#include <fmt/format.h>

#include "io/readers.h"

namespace civharm::io {
namespace {

// Readers catch the exceptions they expect where they call a library; this catches the rest
// (std::bad_alloc above all) and turns it into a Status, as io.h promises.
class GuardedReader : public RecordReader {
 public:
  explicit GuardedReader(std::unique_ptr<RecordReader> inner) : inner_(std::move(inner)) {}
  EntityKind kind() const override { return inner_->kind(); }
  const std::vector<std::string>& header() const override { return inner_->header(); }
  uint64_t bytes_read() const override { return inner_->bytes_read(); }
  Result<std::optional<ImportRow>> Next() override {
    try {
      return inner_->Next();
    } catch (const std::exception& e) {
      return std::unexpected(
          Internal(fmt::format("reading the input failed unexpectedly: {}", e.what())));
    }
  }

 private:
  std::unique_ptr<RecordReader> inner_;
};

Result<std::unique_ptr<RecordReader>> Open(std::istream& in, const ReaderOptions& options) {
  switch (options.format) {
    case ImportFormat::kUcdpGed:
      return internal::OpenUcdpGedReader(in, options);
    case ImportFormat::kAcled:
      return internal::OpenAcledReader(in, options);
    case ImportFormat::kCsv:
      if (options.mapping) return internal::OpenMappedCsvReader(in, *options.mapping);
      return internal::OpenNativeCsvReader(in, options.entity);
    case ImportFormat::kJson:
      return internal::OpenNativeJsonReader(in, options.entity);
  }
  return std::unexpected(InvalidArgument("unknown import format"));
}

}  // namespace

Result<std::unique_ptr<RecordReader>> OpenReader(std::istream& in, const ReaderOptions& options) {
  if (options.mapping && options.format != ImportFormat::kCsv) {
    return std::unexpected(InvalidArgument(fmt::format(
        "a mapping applies to CSV input only, not to the {} format", EnumName(options.format))));
  }
  try {
    CIVHARM_ASSIGN_OR_RETURN(auto reader, Open(in, options));
    return std::unique_ptr<RecordReader>(new GuardedReader(std::move(reader)));
  } catch (const std::exception& e) {
    return std::unexpected(
        Internal(fmt::format("opening the input failed unexpectedly: {}", e.what())));
  }
}

}  // namespace civharm::io
