// The fahras-serve tests' client and server process (serve_client.h).
#include "serve_client.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <stdexcept>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace fahras::test {

std::string HttpResponse::header(const std::string& name) const {
    std::string lower_head = head, lower_name = name + ":";
    for (auto* s : {&lower_head, &lower_name})
        std::transform(s->begin(), s->end(), s->begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const std::size_t at = lower_head.find("\r\n" + lower_name);
    if (at == std::string::npos) return "";
    const std::size_t start = at + 2 + lower_name.size();
    std::string value = head.substr(start, head.find("\r\n", start) - start);
    value.erase(0, value.find_first_not_of(' '));
    return value;
}

HttpConnection::HttpConnection(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd_);
        fd_ = -1;
    }
}

HttpConnection::~HttpConnection() {
    if (fd_ >= 0) ::close(fd_);
}

bool HttpConnection::send(const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

bool HttpConnection::fill() {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 20000) <= 0) return false;
    char buffer[65536];
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n <= 0) return false;
    pending_.append(buffer, static_cast<std::size_t>(n));
    return true;
}

HttpResponse HttpConnection::read_response() {
    HttpResponse response;
    std::size_t head_end;
    while ((head_end = pending_.find("\r\n\r\n")) == std::string::npos)
        if (!fill()) return response;
    response.head = pending_.substr(0, head_end + 2);
    pending_.erase(0, head_end + 4);
    response.status = std::stoi(response.head.substr(9, 3));
    const std::string length = response.header("Content-Length");
    const std::size_t body_bytes = length.empty() ? 0 : std::stoul(length);
    while (pending_.size() < body_bytes)
        if (!fill()) break;
    response.body = pending_.substr(0, body_bytes);
    pending_.erase(0, std::min(body_bytes, pending_.size()));
    return response;
}

bool HttpConnection::closed_by_server(int seconds) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, seconds * 1000) <= 0) return false;
    char byte;
    return ::recv(fd_, &byte, 1, 0) <= 0;
}

HttpResponse http_get(int port, const std::string& target, const std::string& method) {
    HttpConnection connection(port);
    if (!connection.send(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")) return {};
    return connection.read_response();
}

std::string url_encode(const std::string& text) {
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", c);
            out += hex;
        }
    }
    return out;
}

std::string search_target(const std::vector<std::pair<std::string, std::string>>& params) {
    std::string target = "/api/search";
    for (const auto& [name, value] : params) target += (target.size() == 11 ? "?" : "&") + name + "=" + url_encode(value);
    return target;
}

ServeProcess::ServeProcess(const std::string& db, const std::vector<std::string>& extra,
                           const std::vector<std::string>& launcher) {
    std::vector<std::string> argv = launcher;
    const std::vector<std::string> server = {FAHRAS_SERVE_BIN, "--db", db, "--listen", "127.0.0.1:0", "--threads", "2"};
    argv.insert(argv.end(), server.begin(), server.end());
    argv.insert(argv.end(), extra.begin(), extra.end());
    process_ = std::make_unique<Process>(argv);
    const std::string marker = "listening on 127.0.0.1:";
    REQUIRE(eventually([&] { return process_->err().find(marker) != std::string::npos || !process_->running(); }));
    const std::string err = process_->err();
    CAPTURE(err);
    REQUIRE(err.find(marker) != std::string::npos);
    port_ = std::stoi(err.substr(err.find(marker) + marker.size()));
}

}  // namespace fahras::test
