#pragma once
// Hashing and secrets for accounts: SHA-256 (OpenSSL EVP), random secrets (OpenSSL RAND_bytes) and
// argon2id password hashes in the PHC encoded form (libargon2).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace yandian::app {

// Lower-case hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

// `bytes` bytes from the operating system's CSPRNG, as lower-case hex (2 * bytes characters).
Result<std::string> random_hex(std::size_t bytes);

struct Argon2Params {
    std::uint32_t time_cost = 3;
    std::uint32_t memory_kib = 64 * 1024;
    std::uint32_t parallelism = 1;
};

// argon2id (version 0x13), 32-byte tag, with the given salt, encoded as
// $argon2id$v=19$m=...,t=...,p=...$<salt b64>$<hash b64>.
Result<std::string> argon2id_encode(std::string_view password, std::string_view salt, const Argon2Params& params);

// argon2id with a fresh random 16-byte salt.
Result<std::string> hash_password(std::string_view password, const Argon2Params& params);

// True when `password` matches the argon2id `encoded` hash; an encoded hash that is not argon2id or
// is malformed is an error (kInternal: the store holds something it should not).
Result<bool> verify_password(std::string_view encoded, std::string_view password);

}  // namespace yandian::app
