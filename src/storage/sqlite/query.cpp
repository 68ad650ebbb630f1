#include "storage/sqlite/query.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sodium.h>

#include "core/strings.h"

namespace civharm::storage::sqlite {
namespace {

struct Cursor {
  SortOrder sort;
  int64_t date_key;
  int64_t rid;
};

std::string Base64Url(std::string_view raw) {
  std::string out(sodium_base64_encoded_len(raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

Result<Cursor> DecodeCursor(std::string_view text) {
  const auto bad = [] {
    return std::unexpected(
        InvalidArgument("is not a cursor from a previous page of this list", "cursor"));
  };
  std::string raw(text.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(raw.data()), raw.size(), text.data(),
                        text.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return bad();
  }
  raw.resize(len);
  const auto parts = Split(raw, ':');
  if (parts.size() != 4 || parts[0] != "c1") return bad();
  const auto sort = ParseInt64(parts[1]);
  const auto key = ParseInt64(parts[2]);
  const auto rid = ParseInt64(parts[3]);
  if (!sort || !key || !rid || *sort < 0 || *sort > static_cast<int64_t>(SortOrder::kDateAsc))
    return bad();
  return Cursor{static_cast<SortOrder>(*sort), *key, *rid};
}

// Quotes every word so FTS5 reads the user's text as words to find, never as query syntax.
std::string FtsQuery(std::string_view raw) {
  // Control characters separate words for FTS5's tokenizer anyway, and a NUL would end the
  // query string inside a quoted word.
  std::string text(raw);
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  std::string out;
  for (std::string_view word : Split(text, ' ')) {
    word = Trim(word);
    if (word.empty()) continue;
    if (!out.empty()) out += ' ';
    out += '"';
    for (char c : word) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  return out;
}

class Builder {
 public:
  std::string Bind(BindValue v) {
    binds_.push_back(std::move(v));
    return fmt::format("?{}", binds_.size());
  }
  void Where(std::string clause) { where_.push_back(std::move(clause)); }
  std::string WhereSql() const {
    if (where_.empty()) return "";
    std::string s = " WHERE ";
    for (size_t i = 0; i < where_.size(); ++i) {
      if (i) s += " AND ";
      s += where_[i];
    }
    return s;
  }
  std::vector<BindValue> TakeBinds() { return std::move(binds_); }

 private:
  std::vector<BindValue> binds_;
  std::vector<std::string> where_;
};

// `column IN (…)` over the stable names of `values`, when there are any.
template <typename E>
void AddAnyOf(Builder& b, std::string_view column, const std::vector<E>& values) {
  if (values.empty()) return;
  std::string in;
  for (E v : values) in += (in.empty() ? "" : ", ") + b.Bind(std::string(EnumName(v)));
  b.Where(fmt::format("{} IN ({})", column, in));
}

// Need-to-know: unrestricted rows, and rows restricted to one of the view's groups.
void AddView(const View& view, Builder& b) {
  if (view.all_groups) return;
  if (view.groups.empty()) {
    b.Where("t.access IS NULL");
    return;
  }
  b.Where(fmt::format(
      "(t.access IS NULL OR EXISTS (SELECT 1 FROM json_each(t.access) g WHERE g.value IN "
      "(SELECT value FROM json_each({}))))",
      b.Bind(nlohmann::json(view.groups).dump())));
}

// Adds the filters of `q` to `b`. Expects q.Check(kind) to have passed.
void AddFilters(EntityKind kind, const Query& q, Builder& b) {
  const TableInfo& t = TableOf(kind);
  switch (q.retracted) {
    case RetractedPolicy::kExclude:
      b.Where("t.retracted = 0");
      break;
    case RetractedPolicy::kOnly:
      b.Where("t.retracted = 1");
      break;
    case RetractedPolicy::kInclude:
      break;
  }
  if (q.date_from) b.Where(fmt::format("t.date_end >= {}", b.Bind(int64_t{q.date_from->days()})));
  if (q.date_to) b.Where(fmt::format("t.date_start <= {}", b.Bind(int64_t{q.date_to->days()})));
  if (q.bbox) {
    // The R*Tree narrows the search (it stores 32-bit floats, rounded outwards); the exact
    // comparison on the table's own columns decides.
    const BBox& box = *q.bbox;
    const std::string lat =
        fmt::format("t.lat BETWEEN {} AND {}", b.Bind(box.min_lat), b.Bind(box.max_lat));
    if (box.min_lon <= box.max_lon) {
      const std::string lo = b.Bind(box.min_lon), hi = b.Bind(box.max_lon);
      b.Where(
          fmt::format("t.rid IN (SELECT rid FROM {} WHERE max_lon >= {} AND min_lon <= {} AND "
                      "max_lat >= {} AND min_lat <= {})",
                      t.rtree, lo, hi, b.Bind(box.min_lat), b.Bind(box.max_lat)));
      b.Where(fmt::format("t.lon BETWEEN {} AND {}", lo, hi));
    } else {  // across the antimeridian: east of min_lon or west of max_lon
      b.Where(
          fmt::format("(t.lon >= {} OR t.lon <= {})", b.Bind(box.min_lon), b.Bind(box.max_lon)));
    }
    b.Where(lat);
  }
  for (const auto& [value, column] :
       {std::pair{&q.country, "country"}, std::pair{&q.admin1, "admin1"},
        std::pair{&q.admin2, "admin2"}, std::pair{&q.admin3, "admin3"}}) {
    if (!value->empty()) {
      b.Where(fmt::format("t.{} = {} COLLATE NOCASE", column, b.Bind(std::string(*value))));
    }
  }
  if (!q.belligerent.empty()) {
    b.Where(
        fmt::format("t.rid IN (SELECT rid FROM belligerent_names WHERE kind = {} AND name = {})",
                    b.Bind(std::string(EnumName(kind))), b.Bind(q.belligerent)));
  }
  AddAnyOf(b, "t.status", q.statuses);
  AddAnyOf(b, "t.grade", q.grades);
  if (const std::string fts = FtsQuery(q.text); !fts.empty()) {
    b.Where(fmt::format("t.rid IN (SELECT rowid FROM {} WHERE {} MATCH {})", t.fts, t.fts,
                        b.Bind(fts)));
  }
  AddAnyOf(b, "t.source_type", q.source_types);
  if (!q.source_name.empty()) {
    b.Where(fmt::format("t.source_name = {} COLLATE NOCASE", b.Bind(q.source_name)));
  }
  if (q.incident_id) b.Where(fmt::format("t.incident_id = {}", b.Bind(*q.incident_id)));
}

}  // namespace

const TableInfo& TableOf(EntityKind kind) {
  static const TableInfo kIncidents{"incidents", "incidents_rtree", "incidents_fts"};
  static const TableInfo kReports{"reports", "reports_rtree", "reports_fts"};
  static const TableInfo kVictims{"victims", "", ""};
  static const TableInfo kOperations{"operations", "operations_rtree", "operations_fts"};
  switch (kind) {
    case EntityKind::kIncident:
      return kIncidents;
    case EntityKind::kReport:
      return kReports;
    case EntityKind::kVictim:
      return kVictims;
    case EntityKind::kOperation:
      return kOperations;
  }
  return kIncidents;
}

std::string EncodeCursor(SortOrder sort, int64_t date_key, int64_t rid) {
  return Base64Url(fmt::format("c1:{}:{}:{}", static_cast<int>(sort), date_key, rid));
}

Result<SqlQuery> BuildSelect(EntityKind kind, const Query& q, const View& view, Paging paging) {
  CIVHARM_RETURN_IF_ERROR(q.Check(kind));
  Builder b;
  AddView(view, b);
  AddFilters(kind, q, b);
  const bool by_date = q.sort == SortOrder::kDateAsc || q.sort == SortOrder::kDateDesc;
  const bool descending = q.sort == SortOrder::kNewest || q.sort == SortOrder::kDateDesc;
  if (paging == Paging::kPage && !q.cursor.empty()) {
    CIVHARM_ASSIGN_OR_RETURN(Cursor c, DecodeCursor(q.cursor));
    if (c.sort != q.sort) {
      return std::unexpected(InvalidArgument("belongs to a list in another order", "cursor"));
    }
    const char* op = descending ? "<" : ">";
    const std::string rid = b.Bind(c.rid);
    if (by_date) {
      const std::string key = b.Bind(c.date_key);
      b.Where(fmt::format("(t.date_start {} {} OR (t.date_start = {} AND t.rid {} {}))", op, key,
                          key, op, rid));
    } else {
      b.Where(fmt::format("t.rid {} {}", op, rid));
    }
  }
  const char* dir = descending ? "DESC" : "ASC";
  std::string order =
      by_date ? fmt::format("t.date_start {0}, t.rid {0}", dir) : fmt::format("t.rid {}", dir);
  const std::string date = !TableOf(kind).rtree.empty() ? "t.date_start" : "0";
  SqlQuery out;
  // A search of personal data filters opened records in memory: the page is cut there.
  if (paging == Paging::kPage && q.personal_text.empty()) {
    // The page's rows first, then their documents: when the order needs a sort (a page by date
    // of one country), the sort carries small rows, not every matching record's document.
    out.sql = fmt::format(
        "SELECT t.rid, a.doc, t.date_key FROM (SELECT t.rid, t.doc_seq, {} AS date_key FROM {} "
        "t{} ORDER BY {} LIMIT {}) t JOIN audit_log a ON a.seq = t.doc_seq ORDER BY {}",
        date, TableOf(kind).table, b.WhereSql(), order, q.limit + 1,
        by_date ? fmt::format("t.date_key {0}, t.rid {0}", dir) : order);
  } else {
    out.sql = fmt::format(
        "SELECT t.rid, a.doc, {} FROM {} t JOIN audit_log a ON a.seq = t.doc_seq{} ORDER BY {}",
        date, TableOf(kind).table, b.WhereSql(), order);
  }
  out.binds = b.TakeBinds();
  return out;
}

Result<SqlQuery> BuildCount(EntityKind kind, const Query& q, const View& view) {
  CIVHARM_RETURN_IF_ERROR(q.Check(kind));
  Builder b;
  AddView(view, b);
  AddFilters(kind, q, b);
  SqlQuery out;
  out.sql = fmt::format("SELECT count(*) FROM {} t{}", TableOf(kind).table, b.WhereSql());
  out.binds = b.TakeBinds();
  return out;
}

}  // namespace civharm::storage::sqlite
