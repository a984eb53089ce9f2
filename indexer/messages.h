/** @file messages.h
 *  @brief Archive and user text in fahras-index's messages.
 */
#ifndef FAHRAS_MESSAGES_H
#define FAHRAS_MESSAGES_H

#include <fahras/terminal_text.h>

#include <string>

namespace fahras {

/** Archive or user text (a path, an id, a quoted date) in a message: its
 *  control and invisible characters shown as they are (terminal_text.h). */
inline std::string shown(const std::string& text) { return terminal_text(text, TerminalMode::exact); }

}  // namespace fahras

#endif  // FAHRAS_MESSAGES_H
