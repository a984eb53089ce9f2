/** @file terminal_text.h
 *  @brief Archive and user text made safe to print on a terminal.
 *
 *  A title, url, id or date from an archive (or a query or path a user
 *  typed) can hold terminal control sequences: ESC [2J clears the screen,
 *  ESC ]0;…BEL sets the window title, U+009B (C1 CSI) acts as ESC [ on some
 *  terminals, and a carriage return or backspace overwrites what was
 *  printed before it.  Every human-readable output of both programs passes
 *  such text through terminal_text(), which shows each of them visibly, in
 *  one notation a user can read and grep for:
 *
 *  - `\xHH`: a byte that is an ASCII control (00–1F or 7F: `\x1b` is ESC)
 *    or that is not part of valid UTF-8 (`\xff`);
 *  - `\uHHHH`: a code point: the C1 controls U+0080–U+009F (`\u009b`), the
 *    line and paragraph separators U+2028/U+2029, and in exact mode the
 *    invisible format characters (`\u202e`);
 *  - `\\`: a backslash, so that text which spells `\x1b` out is told apart
 *    from an escaped ESC.
 *
 *  Hex digits are lower case.  Everything else, Arabic included, is copied
 *  as it is.  JSON output does not use this: JSON escapes controls itself.
 */
#ifndef FAHRAS_TERMINAL_TEXT_H
#define FAHRAS_TERMINAL_TEXT_H

#include <string>
#include <string_view>

namespace fahras {

/** Where the text goes; decides tab and newline and the bidi controls. */
enum class TerminalMode {
    /** A field on one line of output (a title, url, snippet, facet):
     *  tab, newline and carriage return are escaped like any other control,
     *  so the text cannot break the layout.  The bidi embedding, override
     *  and isolate controls (U+202A–U+202E, U+2066–U+2069) are removed: a
     *  stray U+202E would show the rest of the field reversed (a url can
     *  spoof its host that way) and a stray U+2069 would end the isolate the
     *  searcher wraps the field in.  Removing them keeps every visible
     *  character, in its true order; archives hold them as word-processor
     *  leftovers, mostly unpaired, in ordinary headlines. */
    line,
    /** Text of several lines: as line, but tab and newline are kept. */
    block,
    /** A diagnostic on one line (an id or a date quoted in a warning): as
     *  line, but the bidi controls and the other invisible format characters
     *  (U+00AD, U+061C, U+200B–U+200F, U+202A–U+202E, U+2060–U+206F, U+FEFF)
     *  are escaped, not removed: they are often why a date was not
     *  recognized or an id not found, and the user must see them. */
    exact,
};

/** @a text, with every control character shown as described above. */
std::string terminal_text(std::string_view text, TerminalMode mode = TerminalMode::line);

/** terminal_text(), appended to @a out. */
void append_terminal_text(std::string& out, std::string_view text, TerminalMode mode = TerminalMode::line);

}  // namespace fahras

#endif  // FAHRAS_TERMINAL_TEXT_H
