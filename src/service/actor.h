// Who is acting: every service call that changes something names its actor, and the audit log
// records it. Until users and roles exist this is a label such as "cli:amira" or
// "api:127.0.0.1".
#pragma once

#include <string>

namespace civharm::service {

struct Actor {
  std::string name;
};

}  // namespace civharm::service
