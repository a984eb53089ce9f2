/** @file generations.h
 *  @brief Switching searchers to a rebuilt database atomically.
 *
 *  After a rebuild, the path users name with --db is a symbolic link to a
 *  generation directory beside it ("news-db" → "news-db.gen-20150801T020000").
 *  The switch swaps the link (or, the first time, the plain directory) with
 *  a new link in one renameat2(RENAME_EXCHANGE) call, so a searcher opening
 *  the path sees either the old or the new database, never neither.
 */
#ifndef FAHRAS_GENERATIONS_H
#define FAHRAS_GENERATIONS_H

#include <string>

namespace fahras {

/** The current UTC time formatted by strftime @a format. */
std::string utc_now(const char* format);

/** A new, unused generation directory name beside @a db_path (not created). */
std::string new_generation_path(const std::string& db_path);

/** Make @a db_path point at @a generation_path atomically.  Returns the
 *  path of what @a db_path was before (a generation directory, or the old
 *  plain directory renamed aside), for the caller to remove; "" if nothing. */
std::string switch_generation(const std::string& db_path, const std::string& generation_path);

/** Put the directory @a from in the place of the directory @a to, in one
 *  renameat2(RENAME_EXCHANGE) where the file system allows it, and remove
 *  what was at @a to.  Throws fahras::Error(EXIT_IO_ERROR). */
void replace_directory(const std::string& from, const std::string& to);

/** Remove a database directory (recursively); errors are ignored. */
void remove_database_dir(const std::string& path);

}  // namespace fahras

#endif  // FAHRAS_GENERATIONS_H
