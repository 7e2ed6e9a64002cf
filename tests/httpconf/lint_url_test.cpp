// Rules url-trailing-slash, url-plain-http-on-tls, url-wildcard-address, url-ignores-port.
#include <catch2/catch.hpp>

#include "lint_test_support.hpp"

using namespace httpctl::conf;
using namespace httpctl::conf::test;

namespace {

std::vector<Diagnostic> with_url(const std::string& listeners, const std::string& url) {
    return lint_text(listeners + "[server.http]\nurl = " + url + "\n");
}

const std::string kTwoListeners = kTlsListener +
                                  "[server.listener.internal]\nprotocol = \"http\"\n"
                                  "bind = \"127.0.0.1:8080\"\n";

}  // namespace

TEST_CASE("url-trailing-slash points at the literal with the slash", "[lint][url]") {
    const auto bad = with_url(kTlsListener, "\"'https://mail.example.org/'\"");
    INFO(describe_findings(bad));
    const auto found = findings_of(bad, "url-trailing-slash");
    REQUIRE(found.size() == 1);
    CHECK(found[0].line == 10);
    CHECK(found[0].column == 8);  // the opening quote of the expression's string
    CHECK(found[0].end_column == 35);

    const auto concatenated =
        with_url(kTlsListener, "\"protocol + '://' + key_get('default', 'hostname') + '/'\"");
    CHECK(count_rule(concatenated, "url-trailing-slash") == 1);

    CHECK(count_rule(with_url(kTlsListener, "\"'https://mail.example.org'\""),
                     "url-trailing-slash") == 0);
    CHECK(count_rule(with_url(kTlsListener, "\"'https://mail.example.org/stalwart'\""),
                     "url-trailing-slash") == 0);
}

TEST_CASE("url-plain-http-on-tls fires for http:// on an implicit-TLS listener", "[lint][url]") {
    const auto bad = with_url(kTlsListener, "\"'http://mail.example.org'\"");
    INFO(describe_findings(bad));
    const auto found = findings_of(bad, "url-plain-http-on-tls");
    REQUIRE(found.size() == 1);
    CHECK(found[0].message.find("https") != std::string::npos);  // the listener id
    CHECK(found[0].column == 9);  // `http://` inside the expression's string
    CHECK(found[0].end_column == 16);

    CHECK(count_rule(with_url(kTlsListener, "\"'https://mail.example.org'\""),
                     "url-plain-http-on-tls") == 0);
    CHECK(count_rule(with_url(kTlsListener, "\"protocol + '://mail.example.org'\""),
                     "url-plain-http-on-tls") == 0);
    // The same URL on a plain listener is what it says.
    const std::string plain =
        "[server.listener.web]\nprotocol = \"http\"\nbind = \"10.0.0.1:80\"\n";
    CHECK(count_rule(with_url(plain, "\"'http://mail.example.org'\""), "url-plain-http-on-tls") ==
          0);
}

TEST_CASE("url-wildcard-address fires when local_ip is a wildcard bind", "[lint][url]") {
    const auto bad = with_url(kTlsListener, "\"protocol + '://' + local_ip + ':' + local_port\"");
    INFO(describe_findings(bad));
    const auto found = findings_of(bad, "url-wildcard-address");
    REQUIRE(found.size() == 1);
    CHECK(found[0].column == 27);  // `local_ip` inside the expression
    CHECK(found[0].end_column == 35);

    const auto good =
        with_url("[server.listener.web]\nprotocol = \"http\"\nbind = \"192.0.2.10:8080\"\n",
                 "\"protocol + '://' + local_ip + ':' + local_port\"");
    CHECK(count_rule(good, "url-wildcard-address") == 0);
}

TEST_CASE("url-ignores-port: one constant url for listeners on several ports", "[lint][url]") {
    const auto bad = with_url(kTwoListeners, "\"'https://mail.example.org'\"");
    INFO(describe_findings(bad));
    const auto found = findings_of(bad, "url-ignores-port");
    REQUIRE(found.size() == 1);
    CHECK(found[0].severity == Severity::Note);

    CHECK(count_rule(with_url(kTlsListener, "\"'https://mail.example.org'\""),
                     "url-ignores-port") == 0);
    CHECK(count_rule(with_url(kTwoListeners, "\"'https://mail.example.org:' + local_port\""),
                     "url-ignores-port") == 0);
    const auto by_listener =
        with_url(kTwoListeners,
                 "[ { if = \"listener == 'https'\", then = \"'https://mail.example.org'\" },\n"
                 "        { else = \"'http://127.0.0.1:8080'\" } ]");
    CHECK(count_rule(by_listener, "url-ignores-port") == 0);
    // The default url reads local_port.
    CHECK(count_rule(lint_text(kTwoListeners), "url-ignores-port") == 0);
}
