#pragma once
// Expected failures travel as values: Result<T> holds a T or an Error naming what was wrong.
// Exceptions from libraries are caught at the edges (adapters, HTTP handler, CLI) and turned into Error.
#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

namespace yandian {

enum class ErrorCode {
    kInvalidArgument,     // bad input: 400 / exit 2
    kUnauthenticated,     // no or bad credentials: 401
    kPermissionDenied,    // authenticated but not allowed: 403
    kNotFound,            // 404 (also for objects of another organisation)
    kAlreadyExists,       // 409
    kFailedPrecondition,  // state does not allow it: 409
    kPayloadTooLarge,     // 413
    kRateLimited,         // 429
    kUnavailable,         // 503
    kInternal,            // 500 / exit 1
};

struct Error {
    ErrorCode code = ErrorCode::kInternal;
    std::string message;
    std::string field;  // the input field or record at fault, when there is one
};

template <class T>
using Result = tl::expected<T, Error>;

using Status = Result<void>;

inline tl::unexpected<Error> fail(ErrorCode code, std::string message, std::string field = {}) {
    return tl::unexpected<Error>(Error{code, std::move(message), std::move(field)});
}

// Stable machine-readable name of a code, as it appears in JSON errors ("invalid_argument", ...).
std::string_view error_code_name(ErrorCode code);
// HTTP status for a code.
int http_status(ErrorCode code);
// Process exit code for a code: 2 for bad input, 1 otherwise.
int exit_code(ErrorCode code);

}  // namespace yandian
