#include "hash_internal.h"

#include <cstdint>

namespace fahras::detail {

namespace {

std::uint64_t fnv1a(std::string_view data, std::uint64_t offset) {
    std::uint64_t h = offset;
    for (unsigned char c : data) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

std::uint64_t mix(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

void append_hex(std::string& out, std::uint64_t value) {
    static constexpr char DIGITS[] = "0123456789abcdef";
    for (int shift = 60; shift >= 0; shift -= 4) out += DIGITS[(value >> shift) & 0xF];
}

}  // namespace

std::string hash128_hex(std::string_view data) {
    std::string out;
    out.reserve(32);
    append_hex(out, mix(fnv1a(data, 0xcbf29ce484222325ULL)));
    append_hex(out, mix(fnv1a(data, 0x84222325cbf29ce4ULL) ^ data.size()));
    return out;
}

}  // namespace fahras::detail
