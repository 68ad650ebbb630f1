// Turns a storage::Query into SQL over the SQLite schema: the WHERE clause of its filters, the
// ORDER BY of its sort, and keyset pagination by an opaque cursor.
//
// Cursors carry the sort and the position of the last row of a page ("after this row"), so a
// page never repeats or skips a row even while records are being added.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"
#include "storage/store.h"

namespace civharm::storage::sqlite {

struct TableInfo {
  std::string_view table;  // "incidents"
  std::string_view rtree;  // "" when the kind has no location
  std::string_view fts;    // "" when the kind has no free text
};
const TableInfo& TableOf(EntityKind kind);

using BindValue = std::variant<int64_t, double, std::string>;

struct SqlQuery {
  std::string sql;
  std::vector<BindValue> binds;  // for ?1, ?2, …
};

enum class Paging { kPage, kAll };

// SELECT rid, doc, date_start FROM <table> WHERE <filters> ORDER BY <sort> [LIMIT limit + 1].
// The extra row tells whether there is a next page.
// Rows outside `view` (need-to-know) are left out.
Result<SqlQuery> BuildSelect(EntityKind kind, const Query& q, const View& view, Paging paging);
Result<SqlQuery> BuildCount(EntityKind kind, const Query& q, const View& view);

// The cursor for continuing after the row with these keys.
std::string EncodeCursor(SortOrder sort, int64_t date_key, int64_t rid);

}  // namespace civharm::storage::sqlite
