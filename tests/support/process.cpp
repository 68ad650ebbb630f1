#include "support/process.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace civharm::testing {

std::string CivharmBinary() {
  return CIVHARM_BINARY;
}

std::string SharedData(const std::string& relative) {
  const auto path = std::filesystem::path(CIVHARM_SOURCE_DIR) / ".." / "shared" / "data" / relative;
  return std::filesystem::exists(path) ? path.lexically_normal().string() : std::string();
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Process::Process(const std::vector<std::string>& args, const std::string& out_file,
                 const std::string& err_file, const std::string& in_file) {
  std::vector<std::string> argv_storage{CivharmBinary()};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    const int out = open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    const int in = open(in_file.empty() ? "/dev/null" : in_file.c_str(), O_RDONLY);
    dup2(in, STDIN_FILENO);
    std::vector<char*> argv;
    for (auto& a : argv_storage) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
}

Process::~Process() {
  if (!reaped_ && pid_ > 0) {
    kill(pid_, SIGKILL);
    Wait();
  }
}

bool Process::Running() {
  if (reaped_) return false;
  const pid_t r = waitpid(pid_, &status_, WNOHANG);
  if (r == pid_) reaped_ = true;
  return !reaped_;
}

void Process::Signal(int sig) {
  if (!reaped_) kill(pid_, sig);
}

int Process::Wait() {
  if (!reaped_) {
    while (waitpid(pid_, &status_, 0) < 0 && errno == EINTR) {
    }
    reaped_ = true;
  }
  if (WIFEXITED(status_)) return WEXITSTATUS(status_);
  if (WIFSIGNALED(status_)) return 128 + WTERMSIG(status_);
  return -1;
}

ProcessResult RunCivharm(const std::vector<std::string>& args, const std::string& input) {
  char out_tmpl[] = "/tmp/civharm-out-XXXXXX";
  char err_tmpl[] = "/tmp/civharm-err-XXXXXX";
  char in_tmpl[] = "/tmp/civharm-in-XXXXXX";
  close(mkstemp(out_tmpl));
  close(mkstemp(err_tmpl));
  const int in_fd = mkstemp(in_tmpl);
  if (!input.empty() &&
      write(in_fd, input.data(), input.size()) != static_cast<ssize_t>(input.size())) {
    throw std::runtime_error("cannot write the standard input of civharm");
  }
  close(in_fd);
  ProcessResult r;
  {
    Process p(args, out_tmpl, err_tmpl, in_tmpl);
    r.exit_code = p.Wait();
  }
  r.out = ReadFile(out_tmpl);
  r.err = ReadFile(err_tmpl);
  unlink(out_tmpl);
  unlink(err_tmpl);
  unlink(in_tmpl);
  return r;
}

Admin InitDatabase(const std::string& db) {
  const ProcessResult init = RunCivharm({"user", "init", "--db", db});
  const std::string marker = "password: ";
  const size_t at = init.out.find(marker);
  if (init.exit_code != 0 || at == std::string::npos) {
    throw std::runtime_error("civharm user init failed: " + init.err);
  }
  Admin admin;
  admin.password = init.out.substr(at + marker.size());
  admin.password = admin.password.substr(0, admin.password.find('\n'));
  const ProcessResult token =
      RunCivharm({"token", "create", "--db", db, "--user", "admin", "--password-stdin"},
                 admin.password + "\n");
  if (token.exit_code != 0) throw std::runtime_error("civharm token create failed: " + token.err);
  admin.token = token.out.substr(0, token.out.find('\n'));
  return admin;
}

void UseToken(const std::string& token) {
  setenv("CIVHARM_TOKEN", token.c_str(), 1);
}

Admin InitAndSignIn(const std::string& db) {
  Admin admin = InitDatabase(db);
  UseToken(admin.token);
  return admin;
}

int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  const int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

}  // namespace civharm::testing
