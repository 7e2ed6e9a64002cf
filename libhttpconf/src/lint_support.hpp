// What every lint rule group shares: the checked file it reads (LintContext) and where its
// findings go (FindingSink, which fills in each rule's id and default severity).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "expr/ast.hpp"
#include "httpconf/checker.hpp"
#include "httpconf/diagnostic.hpp"
#include "httpconf/flat_config.hpp"
#include "httpconf/http_settings.hpp"

namespace httpctl::conf {

struct LintContext {
    const CheckReport& report;
    const FlatConfig& config;
    const HttpSettings& settings;
    // "http." or "server.http.": the prefix the target version reads (spec http.md §6.2).
    std::string prefix;

    [[nodiscard]] std::string http_key(std::string_view name) const {
        return prefix + std::string(name);
    }
    // The entry of `prefix + name`, or null.
    [[nodiscard]] const ConfigEntry* http_entry(std::string_view name) const noexcept;
    // Every entry whose key is `prefix + name` or starts with `prefix + name + "."`.
    [[nodiscard]] std::vector<const ConfigEntry*> http_entries(std::string_view name) const;
};

// One expression of an expression setting as written (spec http.md §5.1): the single key, or
// one `if`/`then`/`else` member of an if-block.
struct SettingExpression {
    enum class Role : std::uint8_t { Single, If, Then, Else };
    const ConfigEntry* entry;
    Role role;
    expr::Expression expression;
    // Whether its value can be the setting's result (Single, Then, Else).
    [[nodiscard]] bool gives_result() const noexcept { return role != Role::If; }
};

// The expressions of `prefix + name` that compile with the HTTP variables (spec http.md §5.3);
// those that do not are the checker's business. Follows Stalwart: when the key itself exists
// the if-block members are not looked at.
[[nodiscard]] std::vector<SettingExpression> compile_http_setting(const LintContext& context,
                                                                  std::string_view name);

struct Finding {
    Diagnostic diagnostic;
    // The line of the key the finding is about, when that is not the finding's own line (a
    // value on a continuation line): an allow comment there suppresses it too. 0 when none.
    std::uint32_t key_line = 0;
};

class FindingSink {
  public:
    explicit FindingSink(const FlatConfig& config) : config_(config) {}

    // At the key of `entry`.
    void at_key(std::string_view rule, const ConfigEntry& entry, std::string message,
                std::string help = {});
    // At the whole value of `entry` (quotes included).
    void at_value(std::string_view rule, const ConfigEntry& entry, std::string message,
                  std::string help = {});
    // At bytes [begin, end) of the value as Stalwart decoded it (e.g. inside an expression);
    // the whole value when the decoded text cannot be mapped back to the file.
    void in_value(std::string_view rule, const ConfigEntry& entry, std::size_t begin,
                  std::size_t end, std::string message, std::string help = {});
    // At an explicit location.
    void at(std::string_view rule, const SourceLocation& where, std::uint32_t key_line,
            std::string message, std::string help = {});

    [[nodiscard]] std::vector<Finding> take() { return std::move(findings_); }

  private:
    const FlatConfig& config_;
    std::vector<Finding> findings_;
};

// Rule groups, one file each; each adds its findings to `sink`.
void lint_key_rules(const LintContext& context, FindingSink& sink);
void lint_security_rules(const LintContext& context, FindingSink& sink);
void lint_header_rules(const LintContext& context, FindingSink& sink);
void lint_url_rules(const LintContext& context, FindingSink& sink);
void lint_expression_rules(const LintContext& context, FindingSink& sink);
void lint_portability_rules(const LintContext& context, FindingSink& sink);

}  // namespace httpctl::conf
