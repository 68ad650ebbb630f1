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

// Runs `civharm args…` to completion, with `input` on its standard input.
ProcessResult RunCivharm(const std::vector<std::string>& args, const std::string& input = "");

// Creates the database `db` with its first administrator ("admin") and returns that user's
// password and an API token for it (through `civharm user init` and `civharm token create`).
struct Admin {
  std::string password;
  std::string token;
};
Admin InitDatabase(const std::string& db);
// Sets CIVHARM_TOKEN for the `civharm` commands this process starts from now on.
void UseToken(const std::string& token);
// InitDatabase, then UseToken: commands that follow act as the administrator of `db`.
Admin InitAndSignIn(const std::string& db);

class Process {
 public:
  // Starts `civharm args…` with stdout and stderr going to the given files, and standard input
  // read from `in_file` (/dev/null when empty).
  Process(const std::vector<std::string>& args, const std::string& out_file,
          const std::string& err_file, const std::string& in_file = "");
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
