// Control characters shown visibly on a terminal (terminal_text.h has the
// notation and the reasons).
#include <fahras/terminal_text.h>

#include <fahras/utf8.h>

namespace fahras {

namespace {

enum class Treatment { keep, drop, escape };

bool is_bidi_control(char32_t cp) {
    return (cp >= 0x202A && cp <= 0x202E)     // LRE RLE PDF LRO RLO
           || (cp >= 0x2066 && cp <= 0x2069);  // LRI RLI FSI PDI
}

// Invisible characters that change nothing on screen by themselves (marks,
// joiners, zero-width spaces), escaped only where the exact text matters.
bool is_invisible_format(char32_t cp) {
    return cp == 0x00AD || cp == 0x061C || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2060 && cp <= 0x206F) ||
           cp == 0xFEFF;
}

// What happens to code point @a cp (@a cp < 0x80 is also a lone byte).
Treatment treatment(char32_t cp, TerminalMode mode) {
    if (cp < 0x20 || cp == 0x7F) {
        const bool layout = cp == '\n' || cp == '\t';
        return layout && mode == TerminalMode::block ? Treatment::keep : Treatment::escape;
    }
    if (cp == '\\' || (cp >= 0x80 && cp <= 0x9F)) return Treatment::escape;
    if (cp == 0x2028 || cp == 0x2029) return mode == TerminalMode::block ? Treatment::keep : Treatment::escape;
    if (is_bidi_control(cp)) return mode == TerminalMode::exact ? Treatment::escape : Treatment::drop;
    if (mode == TerminalMode::exact && is_invisible_format(cp)) return Treatment::escape;
    return Treatment::keep;
}

void append_hex(std::string& out, char32_t value, int digits) {
    static constexpr char HEX[] = "0123456789abcdef";
    for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) out += HEX[(value >> shift) & 0xF];
}

}  // namespace

void append_terminal_text(std::string& out, std::string_view text, TerminalMode mode) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        // Copy the longest run that needs nothing, Arabic letters included:
        // most fields are one such run.
        std::size_t run = pos, next = pos;
        char32_t cp = 0;
        bool invalid = false;
        while (run < text.size()) {
            const auto byte = static_cast<unsigned char>(text[run]);
            next = run;
            if (byte >= 0x20 && byte < 0x7F && byte != '\\') {
                ++run;
                continue;
            }
            cp = utf8::decode(text, next);
            // An invalid byte decodes as U+FFFD one byte long; a real U+FFFD
            // is three bytes and is a letter like any other.
            invalid = cp == utf8::REPLACEMENT && next - run == 1;
            if (invalid || treatment(cp, mode) != Treatment::keep) break;
            run = next;
        }
        out.append(text, pos, run - pos);
        if (run == text.size()) break;
        pos = next;
        if (invalid) {
            out += "\\x";
            append_hex(out, static_cast<unsigned char>(text[run]), 2);
            continue;
        }
        if (treatment(cp, mode) == Treatment::drop) continue;
        if (cp == '\\') {
            out += "\\\\";
        } else if (cp < 0x80) {
            out += "\\x";
            append_hex(out, cp, 2);
        } else {
            out += "\\u";
            append_hex(out, cp, 4);
        }
    }
}

std::string terminal_text(std::string_view text, TerminalMode mode) {
    std::string out;
    out.reserve(text.size());
    append_terminal_text(out, text, mode);
    return out;
}

}  // namespace fahras
