#include "process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace yandian::testing {

namespace {

std::vector<char*> c_argv(const std::vector<std::string>& argv) {
    std::vector<char*> out;
    for (const std::string& a : argv) out.push_back(const_cast<char*>(a.c_str()));
    out.push_back(nullptr);
    return out;
}

void apply_env(const std::map<std::string, std::string>& env) {
    for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
}

std::string read_all(int fd) {
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
    return out;
}

int connect_loopback(unsigned short port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        close(fd);
        return -1;
    }
    timeval tv{30, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return fd;
}

bool send_all(int fd, const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) return false;
        sent += static_cast<std::size_t>(n);
    }
    return true;
}

}  // namespace

CommandResult run_command(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env) {
    int out_pipe[2], err_pipe[2];
    if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0) throw std::runtime_error("pipe failed");
    pid_t pid = fork();
    if (pid == 0) {
        int devnull = open("/dev/null", O_RDONLY);
        dup2(devnull, 0);
        dup2(out_pipe[1], 1);
        dup2(err_pipe[1], 2);
        close(out_pipe[0]);
        close(err_pipe[0]);
        apply_env(env);
        auto args = c_argv(argv);
        execv(args[0], args.data());
        _exit(127);
    }
    close(out_pipe[1]);
    close(err_pipe[1]);
    CommandResult result;
    std::thread err_reader([&] { result.err = read_all(err_pipe[0]); });
    result.out = read_all(out_pipe[0]);
    err_reader.join();
    close(out_pipe[0]);
    close(err_pipe[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

ServerProcess::ServerProcess(std::vector<std::string> argv, std::chrono::seconds startup) {
    char tmpl[] = "/tmp/yandian-test-stderr-XXXXXX";
    int err_fd = mkstemp(tmpl);
    stderr_path_ = tmpl;
    int out_pipe[2];
    if (pipe(out_pipe) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ == 0) {
        int devnull = open("/dev/null", O_RDONLY);
        dup2(devnull, 0);
        dup2(out_pipe[1], 1);
        dup2(err_fd, 2);
        close(out_pipe[0]);
        auto args = c_argv(argv);
        execv(args[0], args.data());
        _exit(127);
    }
    close(out_pipe[1]);
    close(err_fd);
    const auto deadline = std::chrono::steady_clock::now() + startup;
    const std::string marker = "listening on http://127.0.0.1:";
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd p{out_pipe[0], POLLIN, 0};
        if (poll(&p, 1, 200) <= 0) continue;
        char buf[1024];
        ssize_t n = read(out_pipe[0], buf, sizeof buf);
        if (n <= 0) break;
        output_.append(buf, static_cast<std::size_t>(n));
        std::size_t at = output_.find(marker);
        if (at != std::string::npos) {
            std::size_t end = output_.find('\n', at);
            if (end == std::string::npos) continue;
            port_ = static_cast<unsigned short>(std::stoi(output_.substr(at + marker.size(), end)));
            break;
        }
    }
    // Keep draining stdout so the child never blocks on a full pipe.
    int fd = out_pipe[0];
    std::thread([fd] {
        char buf[4096];
        while (read(fd, buf, sizeof buf) > 0) {
        }
        close(fd);
    }).detach();
}

ServerProcess::~ServerProcess() {
    if (pid_ > 0) kill_now();
    std::filesystem::remove(stderr_path_);
}

void ServerProcess::kill_now() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
}

int ServerProcess::terminate_and_wait(std::chrono::seconds timeout) {
    if (pid_ <= 0) return -1;
    send_sigterm();
    return wait_for_exit(timeout);
}

void ServerProcess::send_sigterm() {
    if (pid_ > 0) kill(pid_, SIGTERM);
}

int ServerProcess::wait_for_exit(std::chrono::seconds timeout) {
    if (pid_ <= 0) return -1;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        pid_t done = waitpid(pid_, &status, WNOHANG);
        if (done == pid_) {
            pid_ = -1;
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
}

std::string ServerProcess::stderr_text() const {
    std::ifstream in(stderr_path_);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

HttpReply http_request(unsigned short port, const std::string& method, const std::string& target,
                       const std::string& body, const std::map<std::string, std::string>& headers) {
    std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    for (const auto& [k, v] : headers) request += k + ": " + v + "\r\n";
    if (!body.empty() || method == "POST" || method == "PUT") {
        request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    request += "\r\n" + body;
    std::string raw = raw_exchange(port, request);
    HttpReply reply;
    std::size_t header_end = raw.find("\r\n\r\n");
    if (raw.rfind("HTTP/1.", 0) != 0 || header_end == std::string::npos) return reply;
    reply.status = std::stoi(raw.substr(9, 3));
    std::istringstream lines(raw.substr(0, header_end));
    std::string line;
    std::getline(lines, line);
    while (std::getline(lines, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::size_t colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string name = line.substr(0, colon);
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::string value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.erase(0, 1);
        reply.headers[name] = value;
    }
    reply.body = raw.substr(header_end + 4);
    return reply;
}

std::string raw_exchange(unsigned short port, const std::string& bytes) {
    int fd = connect_loopback(port);
    if (fd < 0) return {};
    std::string out;
    if (send_all(fd, bytes)) {
        shutdown(fd, SHUT_WR);
        out = read_all(fd);
    }
    close(fd);
    return out;
}

TempDir::TempDir() {
    char tmpl[] = "/tmp/yandian-test-XXXXXX";
    if (mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

}  // namespace yandian::testing

namespace yandian::testing {

std::string test_engine() {
    const char* engine = std::getenv("YANDIAN_TEST_ENGINE");
    return engine != nullptr && std::string(engine) == "postgres" ? "postgres" : "sqlite";
}

std::string test_store_url(const std::string& folder) {
    if (test_engine() != "postgres") return "sqlite:" + folder + "/yandian.db";
    const char* cluster = std::getenv("YANDIAN_TEST_POSTGRES");
    if (cluster == nullptr) return {};
    static std::atomic<int> counter{0};
    const std::string name = "yandian_e2e_" + std::to_string(::getpid()) + "_" + std::to_string(counter.fetch_add(1));
    const CommandResult made = run_command({"/usr/bin/psql", cluster, "-qXc", "CREATE DATABASE " + name});
    if (made.exit_code != 0) throw std::runtime_error("cannot create the test database " + name + ": " + made.err);
    const std::string base(cluster);
    return base.substr(0, base.rfind('/') + 1) + name;
}

}  // namespace yandian::testing
