#pragma once
// An in-process Modbus TCP server for tests (libmodbus: modbus_new_tcp + modbus_mapping_new), serving one
// client at a time on a thread of its own, with registers the test sets.
#include <arpa/inet.h>
#include <modbus.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace yandian::testing {

inline int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

// libmodbus server (modbus_new_tcp + modbus_mapping_new) serving one client at a time on a thread.
class ModbusServer {
public:
    explicit ModbusServer(int port) : port_(port), mapping_(modbus_mapping_new(0, 0, 100, 100)) {}
    ~ModbusServer() {
        stop();
        modbus_mapping_free(mapping_);
    }

    bool start() {
        ctx_ = modbus_new_tcp("127.0.0.1", port_);
        listen_fd_ = modbus_tcp_listen(ctx_, 1);
        if (listen_fd_ < 0) return false;
        stopping_ = false;
        thread_ = std::thread([this] { serve(); });
        return true;
    }
    void stop() {
        if (!thread_.joinable()) return;
        stopping_ = true;
        thread_.join();
        if (client_fd_ >= 0) ::close(client_fd_);
        ::close(listen_fd_);
        client_fd_ = listen_fd_ = -1;
        modbus_free(ctx_);
        ctx_ = nullptr;
    }
    void set_holding(int address, std::vector<std::uint16_t> values) {
        std::lock_guard lock(mutex_);
        for (std::size_t i = 0; i < values.size(); ++i) mapping_->tab_registers[address + i] = values[i];
    }
    void set_input(int address, std::vector<std::uint16_t> values) {
        std::lock_guard lock(mutex_);
        for (std::size_t i = 0; i < values.size(); ++i) mapping_->tab_input_registers[address + i] = values[i];
    }
    int requests() const { return requests_; }

private:
    void serve() {
        std::uint8_t query[MODBUS_TCP_MAX_ADU_LENGTH];
        while (!stopping_) {
            pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {client_fd_, POLLIN, 0}};
            if (::poll(fds, client_fd_ >= 0 ? 2 : 1, 50) <= 0) continue;
            if (fds[0].revents & POLLIN) {
                if (client_fd_ >= 0) ::close(client_fd_);
                int s = listen_fd_;
                client_fd_ = modbus_tcp_accept(ctx_, &s);
                continue;
            }
            if (client_fd_ >= 0 && (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) {
                const int rc = modbus_receive(ctx_, query);
                if (rc > 0) {
                    std::lock_guard lock(mutex_);
                    modbus_reply(ctx_, query, rc, mapping_);
                    ++requests_;
                } else if (rc < 0) {
                    ::close(client_fd_);
                    client_fd_ = -1;
                }
            }
        }
    }

    int port_;
    modbus_mapping_t* mapping_;
    modbus_t* ctx_ = nullptr;
    int listen_fd_ = -1;
    int client_fd_ = -1;
    std::thread thread_;
    std::mutex mutex_;
    std::atomic<bool> stopping_{false};
    std::atomic<int> requests_{0};
};

}  // namespace yandian::testing
