// The SQLite schema as an ordered list of migrations. A migration, once released, never changes:
// later changes are new migrations appended to the list.
#pragma once

#include <span>
#include <string_view>

namespace civharm::storage::sqlite {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
};

std::span<const Migration> Migrations();

}  // namespace civharm::storage::sqlite
