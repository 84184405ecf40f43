#include "app/crypto.hpp"

#include <argon2.h>
#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <memory>
#include <vector>

namespace yandian::app {

namespace {

constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kTagBytes = 32;

std::string to_hex(const unsigned char* data, std::size_t size) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out(size * 2, '0');
    for (std::size_t i = 0; i < size; ++i) {
        out[2 * i] = kDigits[data[i] >> 4];
        out[2 * i + 1] = kDigits[data[i] & 0x0f];
    }
    return out;
}

}  // namespace

std::string sha256_hex(std::string_view data) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    // EVP_Digest is the one-shot form of EVP_DigestInit/Update/Final; it fails only on allocation failure.
    if (EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
        throw std::bad_alloc();
    }
    return to_hex(digest.data(), length);
}

Result<std::string> random_hex(std::size_t bytes) {
    std::vector<unsigned char> buffer(bytes);
    if (RAND_bytes(buffer.data(), static_cast<int>(buffer.size())) != 1) {
        return fail(ErrorCode::kUnavailable, "the system random number generator is not available");
    }
    return to_hex(buffer.data(), buffer.size());
}

Result<std::string> argon2id_encode(std::string_view password, std::string_view salt, const Argon2Params& params) {
    std::size_t length = argon2_encodedlen(params.time_cost, params.memory_kib, params.parallelism,
                                           static_cast<std::uint32_t>(salt.size()), kTagBytes, Argon2_id);
    std::string encoded(length, '\0');
    int rc = argon2id_hash_encoded(params.time_cost, params.memory_kib, params.parallelism, password.data(),
                                   password.size(), salt.data(), salt.size(), kTagBytes, encoded.data(), length);
    if (rc != ARGON2_OK) {
        return fail(ErrorCode::kInternal, fmt::format("argon2id hashing failed: {}", argon2_error_message(rc)));
    }
    encoded.resize(encoded.find('\0'));
    return encoded;
}

Result<std::string> hash_password(std::string_view password, const Argon2Params& params) {
    std::array<unsigned char, kSaltBytes> salt{};
    if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
        return fail(ErrorCode::kUnavailable, "the system random number generator is not available");
    }
    return argon2id_encode(password, std::string_view(reinterpret_cast<const char*>(salt.data()), salt.size()), params);
}

Result<bool> verify_password(std::string_view encoded, std::string_view password) {
    if (!encoded.starts_with("$argon2id$")) {
        return fail(ErrorCode::kInternal, "stored password hash is not an argon2id hash");
    }
    std::string encoded_z(encoded);  // argon2id_verify wants a NUL-terminated string
    int rc = argon2id_verify(encoded_z.c_str(), password.data(), password.size());
    if (rc == ARGON2_OK) return true;
    if (rc == ARGON2_VERIFY_MISMATCH) return false;
    return fail(ErrorCode::kInternal, fmt::format("argon2id verification failed: {}", argon2_error_message(rc)));
}

}  // namespace yandian::app
