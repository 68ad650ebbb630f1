// Running the real `civharm` program from tests: start it, feed it arguments, collect its exit
// code and output, or stop it with a signal.
#pragma once

#include <string>
#include <vector>

#include <sys/types.h>

namespace civharm::testing {

struct ProcessResult {
  int exit_code = -1;  // or 128 + signal when killed
  std::string out;
  std::string err;
};

// Path of the built `civharm` binary.
std::string CivharmBinary();
// Path of a reference data file under ../shared/data, or "" when it is absent.
std::string SharedData(const std::string& relative);

// Runs `civharm args…` to completion.
ProcessResult RunCivharm(const std::vector<std::string>& args);

class Process {
 public:
  // Starts `civharm args…` with stdout and stderr going to the given files.
  Process(const std::vector<std::string>& args, const std::string& out_file,
          const std::string& err_file);
  ~Process();  // kills the process if it still runs
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  bool Running();  // without waiting
  void Signal(int sig);
  int Wait();  // exit code, or 128 + signal
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int status_ = -1;
  bool reaped_ = false;
};

// A TCP port on 127.0.0.1 that nothing listens on right now.
int FreePort();
std::string ReadFile(const std::string& path);

}  // namespace civharm::testing
