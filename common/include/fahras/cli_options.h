/** @file cli_options.h
 *  @brief The command-line parsing both programs share (Boost.ProgramOptions).
 */
#ifndef FAHRAS_CLI_OPTIONS_H
#define FAHRAS_CLI_OPTIONS_H

#include <boost/program_options.hpp>

#include <string>
#include <vector>

namespace fahras {

/** Parse @a argv against @a visible, every positional argument going to
 *  @a positional_values; set @a help_text to the option list followed by
 *  @a help_footer.  Throws boost::program_options::error on bad usage. */
boost::program_options::variables_map parse_command_line(int argc, const char* const argv[],
                                                         const boost::program_options::options_description& visible,
                                                         std::vector<std::string>& positional_values,
                                                         const std::string& help_footer, std::string& help_text);

}  // namespace fahras

#endif  // FAHRAS_CLI_OPTIONS_H
