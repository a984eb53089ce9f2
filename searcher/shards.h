/** @file shards.h
 *  @brief Opening what --db names: a database directory, a sharded
 *  directory (shards and a XAPIANDB stub), or a stub file listing local
 *  databases and remote shards (`remote HOST:PORT`, served by
 *  xapian-tcpsrv).
 *
 *  Xapian opens stubs itself, but then a remote shard waits Xapian's own
 *  ten seconds and a failure does not say which shard it was.  So the
 *  stub is read here, line by line as Xapian 1.4 reads it: remote shards
 *  are opened with our timeout (--remote-timeout), a shard that does not
 *  answer is named, and the caller decides whether the others are
 *  searched without it (--partial, docs/remote.md).
 */
#ifndef FAHRAS_SEARCH_SHARDS_H
#define FAHRAS_SEARCH_SHARDS_H

#include <xapian.h>

#include <chrono>
#include <string>
#include <vector>

namespace fahras {

/** The default --remote-timeout: how long a remote shard may take to
 *  connect, or to answer one request, before it counts as not answering. */
inline constexpr std::chrono::milliseconds DEFAULT_REMOTE_TIMEOUT{5000};

/** Stubs may name stubs; deeper than this is taken for a loop. */
inline constexpr int MAX_STUB_DEPTH = 8;

/** A remote shard that could not be opened. */
struct FailedShard {
    std::string address;  ///< "HOST:PORT" as the stub wrote it
    std::string where;    ///< "STUBFILE:LINE"
    std::string reason;   ///< Xapian's message
};

/** What open_shards() opened. */
struct OpenedShards {
    Xapian::Database database;         ///< every shard that answered, searched as one
    std::vector<std::string> remotes;  ///< every remote shard listed ("HOST:PORT"), answering or not
    std::vector<FailedShard> failed;   ///< the remote ones that did not answer
    std::vector<std::string> stubs;    ///< the stub files read (to notice when one changes)
};

/** Opens @a path: a database directory, a directory holding a XAPIANDB
 *  stub, or a stub file (nested stubs included; relative paths are
 *  relative to the stub's directory, as Xapian reads them).  Remote
 *  shards that do not answer within @a timeout are listed in
 *  OpenedShards::failed and left out.  Throws fahras::Error: EXIT_NO_INPUT
 *  for a stub that cannot be read or has a bad line (naming the file and
 *  line) or lists nothing, EXIT_UNAVAILABLE when no shard answered; a
 *  local database that cannot be opened throws Xapian's error. */
OpenedShards open_shards(const std::string& path, std::chrono::milliseconds timeout);

/** "HOST:PORT (STUB:LINE), ..." of @a failed, for messages. */
std::string describe_failed(const std::vector<FailedShard>& failed);

}  // namespace fahras

#endif  // FAHRAS_SEARCH_SHARDS_H
