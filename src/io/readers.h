// The readers behind io::OpenReader, one per input format; io.cpp picks one.
//
//   auto reader = internal::OpenUcdpGedReader(in, options);   // same contract as io::OpenReader
#pragma once

#include <iosfwd>
#include <memory>

#include "io/io.h"

namespace civharm::io::internal {

Result<std::unique_ptr<RecordReader>> OpenUcdpGedReader(std::istream& in,
                                                        const ReaderOptions& options);
Result<std::unique_ptr<RecordReader>> OpenAcledReader(std::istream& in,
                                                      const ReaderOptions& options);
Result<std::unique_ptr<RecordReader>> OpenMappedCsvReader(std::istream& in, const Mapping& mapping);
Result<std::unique_ptr<RecordReader>> OpenNativeCsvReader(std::istream& in, EntityKind kind);
Result<std::unique_ptr<RecordReader>> OpenNativeJsonReader(std::istream& in, EntityKind kind);

}  // namespace civharm::io::internal
