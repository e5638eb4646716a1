#pragma once
// The one exception type core throws. core never prints and never exits: callers (CLI, GUI)
// show what().  Messages name the file, the byte offset or field, and what was expected.
#include <stdexcept>
#include <string>

namespace ll {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace ll
