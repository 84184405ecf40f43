// Routes of accounts and access: session (login/logout), organisations, users, API tokens.
#include <fmt/format.h>

#include "server/routes.hpp"

namespace yandian::server {

using nlohmann::json;

namespace {

json user_json(const app::User& user) {
    return {{"id", user.id},
            {"org_id", user.org_id},
            {"login", user.login},
            {"display_name", user.display_name},
            {"role", app::to_string(user.role)},
            {"disabled", user.disabled},
            {"created_at", user.created_at}};
}

json organisation_json(const app::Organisation& org) {
    return {{"id", org.id},
            {"name", org.name},
            {"kind", app::to_string(org.kind)},
            {"code", org.code ? json(*org.code) : json()},
            {"created_at", org.created_at}};
}

json token_json(const app::ApiToken& token) {
    return {{"id", token.id},
            {"name", token.name},
            {"prefix", token.prefix},
            {"user_id", token.user_id},
            {"created_at", token.created_at},
            {"revoked_at", token.revoked_at ? json(*token.revoked_at) : json(nullptr)},
            {"last_used_at", token.last_used_at ? json(*token.last_used_at) : json(nullptr)}};
}

Result<json> session_json(app::AccountService& accounts, const app::Principal& who) {
    auto user = accounts.get_user(who, who.user_id);
    if (!user) return tl::unexpected(user.error());
    auto org = accounts.get_organisation(who, who.org_id);
    if (!org) return tl::unexpected(org.error());
    return json{{"user", user_json(*user)}, {"organisation", organisation_json(*org)}};
}

std::string session_cookie(std::string_view secret, long max_age_seconds) {
    // Secure is added when TLS is terminated in front of the server (see docs/operations.md).
    return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}", kSessionCookie, secret,
                       max_age_seconds);
}

}  // namespace

void add_account_routes(Router& router, app::AccountService& accounts) {
    router.add("POST", "/api/v1/session", [&accounts](const HttpRequest& request, const PathParams&) {
        auto body = parse_json_object(request);
        if (!body) return error_response(body.error());
        auto login = string_field(*body, "login");
        if (!login) return error_response(login.error());
        auto password = string_field(*body, "password");
        if (!password) return error_response(password.error());
        auto session = accounts.login(*login, *password, request.remote_address);
        if (!session) return error_response(session.error());
        auto out = session_json(accounts, session->principal);
        if (!out) return error_response(out.error());
        (*out)["expires_at"] = session->expires_at;
        HttpResponse response = json_response(200, *out);
        response.headers.emplace_back("Set-Cookie", session_cookie(session->secret, session->max_age.count()));
        response.headers.emplace_back("Cache-Control", "no-store");
        return response;
    });
    router.add("GET", "/api/v1/session",
               authenticated(accounts, [&accounts](const app::Principal& who, const HttpRequest&, const PathParams&) {
                   auto out = session_json(accounts, who);
                   if (!out) return error_response(out.error());
                   return json_response(200, *out);
               }));
    router.add("DELETE", "/api/v1/session", [&accounts](const HttpRequest& request, const PathParams&) {
        std::string_view secret = request.cookie(kSessionCookie);
        if (!secret.empty()) {
            if (auto done = accounts.logout(secret); !done) return error_response(done.error());
        }
        HttpResponse response = no_content();
        response.headers.emplace_back("Set-Cookie", session_cookie("", 0));
        return response;
    });

    router.add("GET", "/api/v1/organisations/{id}",
               authenticated(accounts, [&accounts](const app::Principal& who, const HttpRequest&,
                                                   const PathParams& params) {
                   auto id = path_id(params, "id");
                   if (!id) return error_response(id.error());
                   auto org = accounts.get_organisation(who, *id);
                   if (!org) return error_response(org.error());
                   return json_response(200, organisation_json(*org));
               }));

    router.add("GET", "/api/v1/users",
               authenticated(accounts, [&accounts](const app::Principal& who, const HttpRequest&, const PathParams&) {
                   auto users = accounts.list_users(who);
                   if (!users) return error_response(users.error());
                   json list = json::array();
                   for (const app::User& user : *users) list.push_back(user_json(user));
                   return json_response(200, {{"users", list}});
               }));
    router.add("POST", "/api/v1/users",
               authenticated(accounts, [&accounts](const app::Principal& who, const HttpRequest& request,
                                                   const PathParams&) {
                   auto body = parse_json_object(request);
                   if (!body) return error_response(body.error());
                   auto login = string_field(*body, "login");
                   if (!login) return error_response(login.error());
                   auto password = string_field(*body, "password");
                   if (!password) return error_response(password.error());
                   auto role_text = string_field(*body, "role");
                   if (!role_text) return error_response(role_text.error());
                   auto role = app::parse_role(*role_text);
                   if (!role) return error_response(role.error());
                   std::string display_name = body->value("display_name", std::string());
                   auto user = accounts.add_user(who, *login, *password, *role, display_name);
                   if (!user) return error_response(user.error());
                   return json_response(201, user_json(*user));
               }));
    router.add("GET", "/api/v1/users/{id}",
               authenticated(accounts, [&accounts](const app::Principal& who, const HttpRequest&,
                                                   const PathParams& params) {
                   auto id = path_id(params, "id");
                   if (!id) return error_response(id.error());
                   auto user = accounts.get_user(who, *id);
                   if (!user) return error_response(user.error());
                   return json_response(200, user_json(*user));
               }));

    router.add("GET", "/api/v1/tokens",
               authenticated(accounts, [&accounts](const app::Principal& who, const HttpRequest&, const PathParams&) {
                   auto tokens = accounts.list_tokens(who);
                   if (!tokens) return error_response(tokens.error());
                   json list = json::array();
                   for (const app::ApiToken& token : *tokens) list.push_back(token_json(token));
                   return json_response(200, {{"tokens", list}});
               }));
    router.add("POST", "/api/v1/tokens",
               authenticated(accounts, [&accounts](const app::Principal& who, const HttpRequest& request,
                                                   const PathParams&) {
                   auto body = parse_json_object(request);
                   if (!body) return error_response(body.error());
                   auto name = string_field(*body, "name");
                   if (!name) return error_response(name.error());
                   auto token = accounts.create_token(who, *name);
                   if (!token) return error_response(token.error());
                   HttpResponse response =
                       json_response(201, {{"token", token_json(token->token)}, {"secret", token->secret}});
                   response.headers.emplace_back("Cache-Control", "no-store");
                   return response;
               }));
    router.add("DELETE", "/api/v1/tokens/{id}",
               authenticated(accounts, [&accounts](const app::Principal& who, const HttpRequest&,
                                                   const PathParams& params) {
                   auto id = path_id(params, "id");
                   if (!id) return error_response(id.error());
                   if (auto done = accounts.revoke_token(who, *id); !done) return error_response(done.error());
                   return no_content();
               }));
}

}  // namespace yandian::server
