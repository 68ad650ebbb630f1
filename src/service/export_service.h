// Exporting records to a stream, record by record, in constant memory.
//
//   ExportRequest req{.writer = {.format = io::ExportFormat::kCsv, .hxl = true}};
//   auto n = Export(store, req, std::cout);   // records written
//
// By default an export holds every record of the kind, retracted ones included, in the order
// they were created: importing it into an empty store gives back the same records.
#pragma once

#include <cstdint>
#include <iosfwd>

#include "io/io.h"
#include "service/actor.h"
#include "storage/store.h"

namespace civharm::service {

struct ExportRequest {
  io::WriterOptions writer;
  storage::Query query = {.retracted = storage::RetractedPolicy::kInclude,
                          .sort = storage::SortOrder::kOldest};
};

// Writes what `actor` may see (need-to-know, personal data) and nothing else.
Result<uint64_t> Export(storage::Store& store, const Actor& actor, const ExportRequest& request,
                        std::ostream& out);

}  // namespace civharm::service
