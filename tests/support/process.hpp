#pragma once
// Black-box test support: run the real `yandian` binary as a child process and talk to it over
// loopback HTTP, as a user or a script would. POSIX only; no Boost, to keep tests quick to build.
#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace yandian::testing {

struct CommandResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs a command to completion (stdin closed), capturing stdout and stderr.
CommandResult run_command(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {});

// A running `yandian serve|demo` child. The constructor waits for its "listening on" line.
class ServerProcess {
  public:
    explicit ServerProcess(std::vector<std::string> argv, std::chrono::seconds startup = std::chrono::seconds(30));
    ~ServerProcess();  // SIGKILL if still running
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    bool started() const { return port_ != 0; }
    unsigned short port() const { return port_; }
    const std::string& output() const { return output_; }  // stdout read so far
    void kill_now();                                       // SIGKILL and reap
    int terminate_and_wait(std::chrono::seconds timeout);  // SIGTERM; exit status, or -1 on timeout
    void send_sigterm();                                   // SIGTERM only (once), for a test that acts meanwhile
    int wait_for_exit(std::chrono::seconds timeout);       // exit status, or -1 on timeout
    std::string stderr_text() const;

  private:
    pid_t pid_ = -1;
    unsigned short port_ = 0;
    std::string output_;
    std::string stderr_path_;
};

struct HttpReply {
    int status = 0;                              // 0 = no reply (connection failed or closed)
    std::map<std::string, std::string> headers;  // names lower-cased
    std::string body;
};

// One request on a new connection to 127.0.0.1:port.
HttpReply http_request(unsigned short port, const std::string& method, const std::string& target,
                       const std::string& body = {}, const std::map<std::string, std::string>& headers = {});
// Sends raw bytes and returns the raw reply (for malformed-request tests).
std::string raw_exchange(unsigned short port, const std::string& bytes);

// The store a black-box test runs on: a SQLite file in `folder`, or, when YANDIAN_TEST_ENGINE=postgres, a new
// database in the cluster named by YANDIAN_TEST_POSTGRES (created with psql; the cluster is thrown away after the
// run). The same test then proves the same behaviour on both engines. Empty when PostgreSQL is asked for but no
// cluster is named (the caller skips, saying so); throws when the database cannot be created.
std::string test_store_url(const std::string& folder);
// "postgres" or "sqlite".
std::string test_engine();

// A fresh temporary folder, removed by the destructor.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

}  // namespace yandian::testing
