// The lint rule registry: every rule's stable id, default severity, summary and the text of
// `lint --explain RULE`. Rule ids never change once published; new rules get new ids.
#include <algorithm>
#include <array>

#include "httpconf/lint.hpp"

namespace httpctl::conf {
namespace {

constexpr std::array kRules = {
    LintRule{"allow-unknown-rule", Severity::Warning,
             "an inline allow comment names a rule that does not exist",
             "A `# stalwart-httpctl: allow=RULE` comment only suppresses findings of rules that\n"
             "exist. A misspelt id suppresses nothing, so the finding it was meant for still\n"
             "shows up, or a later rule with that id would be silenced by accident.\n"
             "Fix: use an id listed by `stalwart-httpctl lint --explain`, e.g.\n"
             "  use-x-forwarded = true  # stalwart-httpctl: allow=forwarded-ip-spoofable"},
    LintRule{"cors-with-admin-api", Severity::Warning,
             "permissive CORS also opens the management API to every origin",
             "`permissive-cors = true` sends `Access-Control-Allow-Origin: *` (and the allowed\n"
             "methods PUT, PATCH, DELETE ...) on every response, the management API under /api\n"
             "included (spec http.md §10.4). Any web page a logged-in administrator visits may\n"
             "then script requests to the server and read the answers, as far as the browser\n"
             "holds usable credentials for it.\n"
             "Fix: leave permissive-cors off and let a reverse proxy add CORS headers for the\n"
             "JMAP paths and the origins that need them."},
    LintRule{"deprecated-key", Severity::Note,
             "a key the target version still reads but has deprecated",
             "From 0.12 on `lookup.default.hostname` and `lookup.default.domain` are only\n"
             "fallbacks: the server name is `server.hostname`, the report domain `report.domain`\n"
             "(spec http.md §6.2, §8). The old keys keep working for now.\n"
             "Fix: move the value to the new key, e.g.\n"
             "  [server]\n"
             "  hostname = \"mail.example.org\""},
    LintRule{"forwarded-ip-spoofable", Severity::Warning,
             "use-x-forwarded trusts a client IP any client can claim",
             "With `use-x-forwarded = true` Stalwart takes the client IP from the `Forwarded` or\n"
             "`X-Forwarded-For` header of every request, from every peer: it has no list of\n"
             "trusted proxies for it. 0.8 takes the whole header (only when it is exactly one\n"
             "address), 0.12 the left-most entry, which is the one the client itself wrote\n"
             "(spec http.md §10.1). A client that reaches the listener directly, or through a\n"
             "proxy that appends to the header, picks its own IP: it escapes the per-IP rate\n"
             "limits and can impersonate allowed addresses in `url` or `allowed-endpoint`.\n"
             "Fix: enable it only on listeners reachable solely through a proxy that replaces\n"
             "the header, or use the PROXY protocol (`proxy.trusted-networks`) instead."},
    LintRule{"header-breaks-response", Severity::Warning,
             "a custom header that replaces a header the response needs",
             "Configured headers replace headers of the same name on every response (spec\n"
             "http.md §10.3): `Content-Type` mislabels JSON, problem bodies and downloads,\n"
             "`Content-Length` and `Transfer-Encoding` corrupt the message framing,\n"
             "`Content-Encoding` makes clients decode plain bodies, and `Connection`/`Upgrade`\n"
             "break keep-alive and WebSocket upgrades.\n"
             "Fix: remove the entry; set such headers in a reverse proxy for the paths that\n"
             "need them."},
    LintRule{"header-duplicate", Severity::Warning,
             "the same header name is configured twice; only the last value is sent",
             "Each configured header replaces any earlier one of the same name, so a header\n"
             "listed twice (names compare case-insensitively) is sent once, with the value of\n"
             "the last entry (spec http.md §10.3). Two `Content-Security-Policy` lines do not\n"
             "combine.\n"
             "Fix: merge the values into one entry."},
    LintRule{"header-entry-shape", Severity::Warning,
             "a header entry that Stalwart reads differently than the TOML suggests",
             "`headers` is a list of `Name: value` strings (spec http.md §6.1). A table such as\n"
             "`headers = { X-Frame-Options = \"DENY\" }` or a `[server.http.headers]` section\n"
             "flattens to items like `DENY` without a name, and a nested array to one item per\n"
             "element; a string with a line break or several `Name:` parts is still one header.\n"
             "Any bad item makes Stalwart drop every custom header.\n"
             "Fix: write one string per header:\n"
             "  headers = [\"X-Frame-Options: DENY\", \"Referrer-Policy: no-referrer\"]"},
    LintRule{"header-overridden", Severity::Warning,
             "a custom header that permissive-cors or hsts always overrides",
             "The three CORS headers of `permissive-cors` and the `Strict-Transport-Security`\n"
             "header of `hsts` are applied after the custom headers and replace them (spec\n"
             "http.md §10.3, §10.4), so a custom `Access-Control-Allow-Origin` or\n"
             "`Strict-Transport-Security` entry is never sent.\n"
             "Fix: remove the custom entry, or switch the built-in option off and keep yours."},
    LintRule{"hsts-without-tls", Severity::Warning, "hsts is enabled but no HTTP listener uses TLS",
             "`hsts = true` only adds a `Strict-Transport-Security` header; browsers ignore it on\n"
             "plain HTTP (spec http.md §10.4, §16). With no implicit-TLS HTTP listener the\n"
             "header is useless unless a TLS-terminating proxy forwards it.\n"
             "Fix: add `tls.implicit = true` to the HTTP listener, or suppress this finding\n"
             "when a TLS proxy sits in front."},
    LintRule{"lenient-expression", Severity::Warning,
             "an expression Stalwart accepts only leniently",
             "Stalwart's expression parser accepts some malformed text without an error and\n"
             "gives it a meaning that is rarely the intended one (spec expressions.md §2.9,\n"
             "§3.8): a dangling operator reads an empty value (`1 +`), two values side by side\n"
             "keep the last (`'a' 'b'`), a single `=` swallows the next character (`is_tls =1`\n"
             "compares with an empty value; `remote_ip ='127.0.0.1'` loses its opening quote\n"
             "and is rejected), text after `}` is ignored.\n"
             "Fix: write the expression out in full, e.g. `remote_ip == '127.0.0.1'`."},
    LintRule{"renamed-key", Severity::Warning,
             "a key the target version no longer (or not yet) reads under this name",
             "Besides renaming `server.http.*` to `http.*` (which `check` reports), Stalwart\n"
             "0.12 moved `jmap.rate-limit.*` to `http.rate-limit.*`, `jmap.folders.*` to\n"
             "`email.folders.*`, `jmap.account.purge.frequency` to `account.purge.frequency`,\n"
             "`jmap.email.auto-expunge` to `email.auto-expunge`,\n"
             "`jmap.protocol.changes.max-history` to `changes.max-history` and\n"
             "`storage.encryption.*` to `email.encryption.*` (spec http.md §6.2). There is no\n"
             "migration: the old names are silently ignored, and so are the new names before\n"
             "0.12.\n"
             "Fix: rename the key for the version you run, e.g. `jmap.rate-limit.anonymous`\n"
             "becomes `http.rate-limit.anonymous` on 0.12."},
    LintRule{"toml-portability", Severity::Warning,
             "standard TOML tools read this key differently from Stalwart",
             "Stalwart reads its own TOML-like dialect (spec http.md §2, §15). The file is read a\n"
             "second time as standard TOML 1.0; every key whose value differs between the two\n"
             "readings (escapes in single-quoted strings, `\\u` escapes, case of table headers,\n"
             "spaces in keys, array-of-table numbering ...) is reported with both values, and a\n"
             "file standard TOML rejects is reported once with the parser's message. Editors,\n"
             "validators and configuration tools that use a TOML library see something other\n"
             "than the server.\n"
             "Fix: write the value so both readings agree. For text with backslashes use a\n"
             "'''...''' string, which neither reading unescapes; in Stalwart even\n"
             "\"C:\\\\temp\" gives `C:\\`, a TAB and `emp`, because the byte after an escaped\n"
             "backslash is read as an escape again (spec http.md §2.9)."},
    LintRule{"unknown-key", Severity::Warning,
             "a key under the HTTP prefix that Stalwart never reads",
             "Stalwart ignores keys it does not know, so a misspelt key such as\n"
             "`server.http.permisive-cors` is silently without effect (spec http.md §6). Keys\n"
             "are case-sensitive and only table headers are lower-cased (§2.3), so\n"
             "`Server.HTTP.hsts` is not read either. The finding suggests the nearest known key.\n"
             "Fix: correct the key name."},
    LintRule{"url-ignores-port", Severity::Note,
             "several HTTP listeners on different ports share one constant url",
             "The `url` setting is evaluated per request with the listener's variables (spec\n"
             "http.md §5.3). A url that reads none of them (`listener`, `local_port`,\n"
             "`protocol` ...) sends clients of every HTTP listener to the same address, so\n"
             "session URLs handed out on one port point at another. That is right behind a\n"
             "reverse proxy and wrong otherwise.\n"
             "Fix: use an if-block on `listener`, include `local_port`, or suppress this\n"
             "finding when a proxy publishes one address for all listeners."},
    LintRule{"url-plain-http-on-tls", Severity::Warning,
             "url gives an http:// address on a TLS listener",
             "On an implicit-TLS HTTP listener the url evaluates to an `http://` address, so\n"
             "JMAP session, upload, download, event-source and OAuth URLs send clients to plain\n"
             "HTTP (spec http.md §12).\n"
             "Fix: write `https://`, or build the scheme from `protocol`, e.g.\n"
             "  url = \"protocol + '://mail.example.org'\""},
    LintRule{"url-trailing-slash", Severity::Warning,
             "url ends with a slash, so every session URL gets a double slash",
             "Session URLs are plain concatenations of the url and paths starting with `/`\n"
             "(spec http.md §5.5, §12): `https://mail.example.org/` gives\n"
             "`https://mail.example.org//jmap/`, which many clients and proxies do not route.\n"
             "Fix: drop the trailing slash."},
    LintRule{"url-wildcard-address", Severity::Warning,
             "url uses local_ip on a listener bound to a wildcard address",
             "`local_ip` is the IP of the listener's `bind` setting, not the address the client\n"
             "reached (spec http.md §5.3, §7): on `[::]:443` or `0.0.0.0:8080` it is `::` or\n"
             "`0.0.0.0`, which gives clients URLs such as `https://:::443`.\n"
             "Fix: write the public host name instead of `local_ip`."},
};

}  // namespace

std::span<const LintRule> lint_rules() noexcept {
    return kRules;
}

const LintRule* find_lint_rule(std::string_view id) noexcept {
    const auto* found = std::find_if(kRules.begin(), kRules.end(),
                                     [id](const LintRule& rule) { return rule.id == id; });
    return found == kRules.end() ? nullptr : &*found;
}

}  // namespace httpctl::conf
