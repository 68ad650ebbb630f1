// Checks of a column mapping against civharm's fields, shared by ParseMapping (a mapping read
// from a file) and the mapped CSV reader (which may be given a Mapping built in code).
//
//   Status s = internal::ValidateMapping(mapping);
//   // "columns.Date.format: '%d/%m/%y' uses %y, which is not supported (use %Y %m %d %b %B)"
//   // "constants.location.countr: not a field of report"
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "io/flat_fields.h"
#include "io/io.h"

namespace civharm::io::internal {

// What a mapping may fill: one flat field, or one key of one item of a list.
struct MappingTarget {
  const FlatField* field = nullptr;    // set for a flat field
  std::optional<ListItemTarget> item;  // set for "belligerents[0].name" and the like
};
// Errors say "'x' is not a field of report" (the caller adds the mapping key).
Result<MappingTarget> ResolveTarget(EntityKind kind, std::string_view target);

// Every problem of the mapping, each under its own key ("columns.Date.format", "constants.x",
// "delimiter"): unknown targets, formats on fields that are not dates, bad formats, constants
// that are not valid values, a field filled twice, a column both mapped and ignored, and a
// required field (see RequiredFields) that nothing fills. invalid_argument with every problem in
// details(); the message lists them all.
Status ValidateMapping(const Mapping& mapping);

// A Status (invalid_argument) whose message lists every problem as "key: message".
Status MappingProblems(std::vector<FieldError> problems);

}  // namespace civharm::io::internal
