// Building a release's content from the records as they stood at one audit entry, shared by
// ReleaseService::Request (which stores it) and ReleaseService::Verify (which builds it again and
// compares). Both read through the same transaction view (ReleaseView) and the same functions, so
// that the same history, rules and day always give the same bytes.
#pragma once

#include <functional>
#include <string_view>

#include "domain/release.h"
#include "storage/store.h"

namespace civharm::service::internal {

// Puts every incident as of entry `seq` through Publish, in id order, handing each public
// document's text to `put` and counting what was done in `summary` (reset first).
Status BuildRows(storage::ReadTransaction& tx, const ReleaseRules& rules, int64_t seq,
                 ReleaseSummary& summary, const std::function<Status(std::string_view)>& put);

// The open cases as of entry `seq`, by stage and by how long each has waited on day `on`:
// since its last step, or, without one, since its allegation arrived (the earliest report
// received, or the incident's creation when earlier). Retracted incidents and reports are left
// out; the view decides which incidents exist (ReleaseView: no restricted one).
Result<OpenAssessments> BuildOpenAssessments(storage::ReadTransaction& tx, int64_t seq, Date on);

}  // namespace civharm::service::internal
