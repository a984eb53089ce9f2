/** @file serve_limits.h
 *  @brief What one client may send fahras-serve, and for how long.
 *
 *  Every limit is here, named, and documented in docs/serve.md.  A request
 *  over a limit gets its status (414, 431, 413) and the connection is
 *  closed; a client too slow or idle too long is cut off.  The search's
 *  own limits (query length, words, limit, offset) are the library's
 *  (searcher/search_types.h), applied to every request.
 */
#ifndef FAHRAS_SERVE_LIMITS_H
#define FAHRAS_SERVE_LIMITS_H

#include <chrono>
#include <cstddef>

namespace fahras::serve {

/// The request target (path and query string), in bytes: 414 past it.  A
/// query of MAX_QUERY_BYTES (4,096) percent-encoded as Arabic takes about
/// 3 × 4,096 bytes, but such a query is 2,000 letters: 8 KiB is plenty.
inline constexpr std::size_t MAX_TARGET_BYTES = 8 * 1024;
/// Header fields together (names and values), in bytes: 431 past it.
inline constexpr std::size_t MAX_HEADER_BYTES = 8 * 1024;
/// Header fields: 431 past it.
inline constexpr std::size_t MAX_HEADER_FIELDS = 64;
/// What the HTTP parser reads before the end of the header at most: the
/// request line and the fields, with room for their separators.  Past it
/// the request is refused unread (414 when the request line alone is too
/// long, else 431).
inline constexpr std::size_t MAX_HEAD_BYTES = MAX_TARGET_BYTES + MAX_HEADER_BYTES + 1024;
/// A request body: none is accepted (every endpoint is GET): 413.
inline constexpr std::size_t MAX_BODY_BYTES = 0;
/// A whole request (line and header) must arrive within this once its
/// first byte has: a client sending a byte at a time is cut off.
inline constexpr std::chrono::seconds DEFAULT_READ_TIMEOUT{10};
/// A kept-alive connection waits this long for the next request's first byte.
inline constexpr std::chrono::seconds DEFAULT_IDLE_TIMEOUT{30};
/// A response must be taken by the client within this.
inline constexpr std::chrono::seconds WRITE_TIMEOUT{30};
/// After a response that ends a connection (an error), what the client
/// still sends is read and dropped for this long, at most MAX_LINGER_BYTES,
/// so that closing does not reset the connection before the client has
/// read the response.
inline constexpr std::chrono::seconds LINGER_TIMEOUT{2};
inline constexpr std::size_t MAX_LINGER_BYTES = 1024 * 1024;
/// Connections open at once; more are answered 503 (with Connection: close)
/// without their request being read.  At most as many again may be being
/// refused at once; past that a connection is closed as soon as accepted.
inline constexpr std::size_t DEFAULT_MAX_CONNECTIONS = 256;
/// When accept() fails for want of descriptors (EMFILE, ENFILE) or memory,
/// or for any reason not the connection's own, the server waits this long
/// before accepting again instead of spinning.
inline constexpr std::chrono::milliseconds ACCEPT_BACKOFF{100};

}  // namespace fahras::serve

#endif  // FAHRAS_SERVE_LIMITS_H
