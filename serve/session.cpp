// One connection of fahras-serve: each request read within the timeouts,
// checked against the limits (serve_limits.h), routed and answered; closed when
// the client or a limit says so, or the server stops.
#include "session.h"

#include "serve_limits.h"

#include <algorithm>
#include <string_view>

namespace fahras::serve {

namespace {

// The status of a request whose head passed MAX_HEAD_BYTES unfinished: 414
// when its first line (method, target, version) alone is that long, else
// 431.  Only the line's end is looked for; the parser has refused it.
int head_too_long_status(const beast::flat_buffer& buffer) {
    const auto data = buffer.data();
    const std::string_view received(static_cast<const char*>(data.data()), data.size());
    const std::size_t line_end = received.find("\r\n");
    return line_end == std::string_view::npos || line_end > MAX_TARGET_BYTES ? 414 : 431;
}

// 414, 431 or 413 for a request over a limit, else 0.
int limit_status(const http::request<http::empty_body>& request, const http::request_parser<http::empty_body>& parser) {
    if (request.target().size() > MAX_TARGET_BYTES) return 414;
    std::size_t fields = 0, bytes = 0;
    for (const auto& field : request) {
        ++fields;
        bytes += field.name_string().size() + field.value().size();
    }
    if (fields > MAX_HEADER_FIELDS || bytes > MAX_HEADER_BYTES) return 431;
    if (parser.chunked() || parser.content_length().value_or(0) > MAX_BODY_BYTES) return 413;
    return 0;
}

std::string limit_message(int status) {
    switch (status) {
    case 414: return "the request target is longer than " + std::to_string(MAX_TARGET_BYTES) + " bytes";
    case 431:
        return "the request has more than " + std::to_string(MAX_HEADER_FIELDS) + " header fields or more than " +
               std::to_string(MAX_HEADER_BYTES) + " bytes of them";
    case 413: return "no request body is accepted";
    default: return "malformed HTTP request";
    }
}

}  // namespace

Session::Session(tcp::socket socket, Server& server) : stream_(std::move(socket)), server_(server) {}

Session::~Session() {
    if (id_ != 0) server_.remove_session(id_);
    if (refused_) --server_.refusing();
}

void Session::start() {
    id_ = server_.add_session(shared_from_this());
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->wait_for_request(); });
}

void Session::refuse() {
    refused_ = true;
    ++server_.refusing();
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
        self->started_ = std::chrono::steady_clock::now();
        const std::size_t limit = self->server_.options().max_connections;
        self->send(error_response(503, "too many connections open (" + std::to_string(limit) +
                                           ", --max-connections): try again in a moment"),
                   false);
    });
}

void Session::stop_if_idle() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
        // A read that already completed with bytes goes on: its request is
        // begun.  So does one whose bytes have arrived but not yet been
        // read (the read's completion may be queued behind this): the
        // client sent them before the stop.
        if (self->waiting_ && !self->bytes_arrived()) self->stream_.cancel();
    });
}

bool Session::bytes_arrived() {
    beast::error_code ec;
    return stream_.socket().available(ec) > 0 && !ec;
}

// The next request's first byte, within the idle timeout.
void Session::wait_for_request() {
    if (buffer_.size() > 0) return read_request();  // pipelined: already here
    // Stopping: a request whose bytes arrived while the last response was
    // being written was sent before the stop, and is answered.
    if (server_.stopping() && !bytes_arrived()) return close();
    waiting_ = true;
    stream_.expires_after(server_.options().idle_timeout);
    stream_.async_read_some(buffer_.prepare(4096), [self = shared_from_this()](beast::error_code ec, std::size_t bytes) {
        self->on_first_bytes(ec, bytes);
    });
}

void Session::on_first_bytes(beast::error_code ec, std::size_t bytes) {
    waiting_ = false;
    buffer_.commit(bytes);
    if (bytes == 0 || (ec && ec != net::error::operation_aborted)) return close();
    read_request();
}

// The request's line and header, within the read timeout from its first byte.
void Session::read_request() {
    started_ = std::chrono::steady_clock::now();
    method_.clear();
    target_.clear();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(MAX_HEAD_BYTES));
    parser_->body_limit(MAX_BODY_BYTES);
    stream_.expires_after(server_.options().read_timeout);
    http::async_read_header(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
        self->on_header(ec);
    });
}

void Session::on_header(beast::error_code ec) {
    if (ec == http::error::header_limit) {
        const int status = head_too_long_status(buffer_);
        return send(error_response(status, limit_message(status)), false);
    }
    if (ec == http::error::body_limit) return send(error_response(413, limit_message(413)), false);
    // Anything else the parser refused (a bad method, target or field).
    if (ec && ec.category() == http::make_error_code(http::error::bad_target).category())
        return send(error_response(400, limit_message(400)), false);
    if (ec) return close();  // timed out, or the client went away
    const auto& request = parser_->get();
    method_ = std::string(request.method_string());
    target_ = std::string(request.target());
    if (const int status = limit_status(request, *parser_)) return send(error_response(status, limit_message(status)), false);
    send(answer(request), request.keep_alive() && !server_.stopping());
}

ApiResponse Session::answer(const http::request<http::empty_body>& request) {
    return route(ApiRequest{std::string(request.method_string()), std::string(request.target())}, this_workers_searcher(),
                 server_.metrics());
}

void Session::send(const ApiResponse& api, bool keep_alive) {
    response_ = {};
    response_.version(11);
    response_.result(static_cast<unsigned>(api.status));
    response_.set(http::field::content_type, api.content_type);
    response_.set(http::field::cache_control, "no-store");
    response_.set("X-Content-Type-Options", "nosniff");
    if (!api.allow.empty()) response_.set(http::field::allow, api.allow);
    for (const auto& [name, value] : api.headers) response_.set(name, value);
    response_.body() = api.body;
    response_.keep_alive(keep_alive);
    response_.prepare_payload();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    server_.log().write(request_log_line(method_, target_, api.status, seconds * 1000));
    server_.metrics().record(endpoint_of(target_), api.status, seconds);
    if (api.status == 500) server_.metrics().error(ErrorKind::internal);
    if (api.status == 503) server_.metrics().error(refused_ ? ErrorKind::overload : ErrorKind::database);
    stream_.expires_after(WRITE_TIMEOUT);
    // A request refused unread (a limit) may leave bytes behind: linger.
    const bool unread = api.status >= 400 && !keep_alive;
    http::async_write(stream_, response_, [self = shared_from_this(), keep_alive, unread](beast::error_code ec, std::size_t) {
        if (ec) return self->close();
        if (!keep_alive) return unread ? self->linger() : self->close();
        self->wait_for_request();
    });
}

// Closing a socket with unread bytes in it sends a reset, and a client may
// then lose the response just sent: say we are done, and read what the
// client still sends (a body, the rest of an oversized header) for a
// moment, discarding it, before closing.
void Session::linger() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    buffer_.clear();
    discarded_ = 0;
    stream_.expires_after(LINGER_TIMEOUT);
    discard_more();
}

void Session::discard_more() {
    stream_.async_read_some(buffer_.prepare(4096), [self = shared_from_this()](beast::error_code ec, std::size_t bytes) {
        self->discarded_ += bytes;
        if (ec || self->discarded_ > MAX_LINGER_BYTES) return self->close();
        self->discard_more();
    });
}

void Session::close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
}

}  // namespace fahras::serve
