// Loading `--config FILE` / `:load FILE` into an EvalSession, reporting what the checker found
// the way `check` does.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "httpconf/eval_session.hpp"

namespace httpctl::app {

// Reads and checks `path`. Findings go to `err` in check's human format. False (and the session
// keeps its previous config) when the file cannot be read or has errors.
bool load_config_file(const std::string& path, conf::EvalSession& session, std::ostream& err,
                      bool color);

// `diagnostics` about the session's loaded config, in check's human format.
[[nodiscard]] std::string render_config_findings(const conf::EvalSession& session,
                                                 std::vector<conf::Diagnostic> diagnostics,
                                                 bool color);

// The block to evaluate for `eval --key KEY` / `:key KEY`: findings and notes go to `err`;
// nullopt when the key cannot be evaluated.
[[nodiscard]] std::optional<expr::IfBlock> configured_block(const conf::EvalSession& session,
                                                            const std::string& key,
                                                            std::ostream& err, bool color);

}  // namespace httpctl::app
