/** @file error.h
 *  @brief The one exception type Fahras code throws for problems a user can fix.
 */
#ifndef FAHRAS_ERROR_H
#define FAHRAS_ERROR_H

#include <fahras/exit_codes.h>

#include <stdexcept>
#include <string>

namespace fahras {

/** A failure that carries the exit code a script should see and a message
 *  that tells the user what to do.  Library code throws it; only run_cli()
 *  turns it into a line on stderr and an exit status.
 */
class Error : public std::runtime_error {
  public:
    Error(ExitCode code, const std::string& message)
        : std::runtime_error(message), code_(code) {}

    ExitCode code() const noexcept { return code_; }

  private:
    ExitCode code_;
};

}  // namespace fahras

#endif  // FAHRAS_ERROR_H
