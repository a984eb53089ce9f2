#include <fahras/stories.h>

#include <fahras/schema.h>
#include <fahras/words.h>

#include <algorithm>
#include <cstdio>
#include <limits>

namespace fahras {

namespace {

// FNV-1a 64, finished with splitmix64: stable across platforms and
// versions, which a signature stored in the index must be.
std::uint64_t mix(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

std::uint64_t fnv1a(std::uint64_t h, std::string_view bytes) {
    for (const unsigned char c : bytes) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

constexpr std::uint64_t FNV_OFFSET = 0xcbf29ce484222325ULL;

// The SIGNATURE_HASHES hash functions: h_i(x) = high half of (a_i x + b_i)
// mod 2^64, a_i odd (multiply-shift hashing), fixed seeds.
struct HashFamily {
    std::uint64_t a[SIGNATURE_HASHES], b[SIGNATURE_HASHES];
    HashFamily() {
        for (std::size_t i = 0; i < SIGNATURE_HASHES; ++i) {
            a[i] = mix(2 * i + 1) | 1;
            b[i] = mix(2 * i + 2);
        }
    }
};

const HashFamily& hash_family() {
    static const HashFamily family;
    return family;
}

}  // namespace

StorySignature story_signature(std::string_view normalized_body) {
    // The words as the index holds them (word_term), hashed one by one; a
    // shingle's hash combines the hashes of its words.
    std::vector<std::uint64_t> word_hashes;
    for (const auto word : words_of(normalized_body)) word_hashes.push_back(mix(fnv1a(FNV_OFFSET, word_term(word))));
    if (word_hashes.size() < SHINGLE_WORDS) return {};
    const HashFamily& family = hash_family();
    StorySignature signature(SIGNATURE_HASHES, std::numeric_limits<std::uint32_t>::max());
    for (std::size_t start = 0; start + SHINGLE_WORDS <= word_hashes.size(); ++start) {
        std::uint64_t shingle = FNV_OFFSET;
        for (std::size_t k = 0; k < SHINGLE_WORDS; ++k) shingle = mix(shingle ^ word_hashes[start + k]);
        for (std::size_t i = 0; i < SIGNATURE_HASHES; ++i) {
            const auto h = static_cast<std::uint32_t>((family.a[i] * shingle + family.b[i]) >> 32);
            signature[i] = std::min(signature[i], h);
        }
    }
    return signature;
}

std::string encode_signature(const StorySignature& signature) {
    std::string value;
    value.reserve(signature.size() * 4);
    for (const std::uint32_t h : signature)
        for (int shift = 0; shift < 32; shift += 8) value += static_cast<char>((h >> shift) & 0xff);
    return value;
}

StorySignature decode_signature(std::string_view value) {
    if (value.size() != SIGNATURE_HASHES * 4) return {};
    StorySignature signature(SIGNATURE_HASHES);
    for (std::size_t i = 0; i < SIGNATURE_HASHES; ++i) {
        std::uint32_t h = 0;
        for (int k = 3; k >= 0; --k) h = (h << 8) | static_cast<unsigned char>(value[i * 4 + k]);
        signature[i] = h;
    }
    return signature;
}

std::vector<std::string> band_terms(const StorySignature& signature) {
    std::vector<std::string> terms;
    if (signature.size() != SIGNATURE_HASHES) return terms;
    for (std::size_t band = 0; band < LSH_BANDS; ++band) {
        std::uint64_t h = mix(band);
        for (std::size_t row = 0; row < LSH_ROWS; ++row) h = mix(h ^ signature[band * LSH_ROWS + row]);
        char text[32];
        std::snprintf(text, sizeof text, "%02zu%016llx", band, static_cast<unsigned long long>(h));
        terms.push_back(std::string(PREFIX_BAND) + text);
    }
    return terms;
}

double signature_similarity(const StorySignature& a, const StorySignature& b) {
    if (a.empty() || a.size() != b.size()) return 0;
    std::size_t equal = 0;
    for (std::size_t i = 0; i < a.size(); ++i) equal += a[i] == b[i];
    return static_cast<double>(equal) / static_cast<double>(a.size());
}

}  // namespace fahras
