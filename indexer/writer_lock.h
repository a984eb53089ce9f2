/** @file writer_lock.h
 *  @brief One writer per database, across processes.
 *
 *  Xapian locks a database directory, but a --rebuild writes a new
 *  directory beside the live one, so Fahras takes its own lock on
 *  "<db>.lock" (flock: released by the kernel when the holder dies, even by
 *  SIGKILL, so a crashed run never blocks the next one).
 */
#ifndef FAHRAS_WRITER_LOCK_H
#define FAHRAS_WRITER_LOCK_H

#include <string>

namespace fahras {

class WriterLock {
  public:
    /** Take the lock for @a db_path, waiting up to @a wait_seconds (0: not
     *  at all).  Throws fahras::Error(EXIT_TEMP_FAIL) naming the holder. */
    WriterLock(const std::string& db_path, double wait_seconds);
    ~WriterLock();
    WriterLock(const WriterLock&) = delete;
    WriterLock& operator=(const WriterLock&) = delete;

    static std::string lock_path(const std::string& db_path) { return db_path + ".lock"; }

  private:
    int fd_ = -1;
};

}  // namespace fahras

#endif  // FAHRAS_WRITER_LOCK_H
