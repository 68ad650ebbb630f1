// Collects every validation problem of an object, each with the field it concerns, so that one
// answer tells the user everything that is wrong instead of one thing at a time.
//
//   Problems p;
//   if (end < start) p.Add("date.end", "must not be before date.start");
//   return p.ToStatus();   // OK when nothing was added
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/status.h"

namespace civharm {

class Problems {
 public:
  void Add(std::string field, std::string message) {
    list_.push_back({std::move(field), std::move(message)});
  }
  // Adds the failure of `status`, if any, under `field`.
  void Add(std::string field, const Status& status) {
    if (status.ok()) return;
    if (status.details().empty()) {
      Add(field.empty() ? status.field() : std::move(field), status.message());
      return;
    }
    for (const FieldError& e : status.details()) list_.push_back(e);
  }
  bool empty() const { return list_.empty(); }
  const std::vector<FieldError>& list() const { return list_; }
  std::vector<FieldError> Take() { return std::move(list_); }
  Status ToStatus() const { return list_.empty() ? Status() : ValidationFailed(list_); }

 private:
  std::vector<FieldError> list_;
};

}  // namespace civharm
