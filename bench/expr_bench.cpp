// Expression speed: ns per compile and ns per evaluation for each case of a conformance-format
// file, as the median over repeated timed loops. One JSON line per case, so the output can be
// put side by side with another evaluator's on the same cases.
//
//   expr_bench [--cases FILE] [--repeats N] [--min-ms MS]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench_timing.hpp"
#include "expr/conformance.hpp"
#include "expr/json_value.hpp"

using namespace httpctl::expr;

namespace {

using httpctl::bench::median;
using httpctl::bench::ns_per_iteration;

}  // namespace

int main(int argc, char** argv) {
    std::string cases = std::string(HTTPCTL_SHARED_DIR) + "/conformance/bench.jsonl";
    int repeats = 5;
    double min_ms = 200;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--cases" && i + 1 < argc) {
            cases = argv[++i];
        } else if (a == "--repeats" && i + 1 < argc) {
            repeats = std::max(1, std::atoi(argv[++i]));
        } else if (a == "--min-ms" && i + 1 < argc) {
            min_ms = std::max(1.0, std::atof(argv[++i]));
        } else {
            std::cerr << "usage: expr_bench [--cases FILE] [--repeats N] [--min-ms MS]\n";
            return 2;
        }
    }
    std::ifstream in(cases);
    if (!in) {
        std::cerr << "expr_bench: cannot read " << cases << "\n";
        return 2;
    }
    std::string line;
    int rc = 0;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        auto j = nlohmann::json::parse(line, nullptr, false);
        std::string error;
        auto c = j.is_discarded() ? std::nullopt : ConformanceCase::from_json(j, error);
        if (!c) {
            std::cerr << "expr_bench: skipping a line: " << (error.empty() ? "bad JSON" : error)
                      << "\n";
            rc = 1;
            continue;
        }
        const CompileOptions options;
        auto compiled = c->compile(options);
        if (std::holds_alternative<IfBlockError>(compiled)) {
            std::cout << nlohmann::json{{"id", c->id()},
                                        {"error", describe(std::get<IfBlockError>(compiled))}}
                             .dump()
                      << "\n";
            continue;
        }
        const IfBlock& block = std::get<IfBlock>(compiled);
        Evaluator ev(c->context());
        Value out;
        std::vector<double> compile_ns, eval_ns;
        for (int r = 0; r < repeats; ++r) {
            compile_ns.push_back(ns_per_iteration(
                [&] {
                    auto again = c->compile(options);
                    asm volatile("" : : "r"(&again) : "memory");
                },
                min_ms / 4));
            eval_ns.push_back(ns_per_iteration(
                [&] {
                    block.evaluate(ev, out);
                    asm volatile("" : : "r"(&out) : "memory");
                },
                min_ms));
        }
        std::cout << nlohmann::json{{"id", c->id()},
                                    {"ns_compile", std::round(median(compile_ns) * 10) / 10},
                                    {"ns_eval", std::round(median(eval_ns) * 10) / 10},
                                    {"result", to_tagged_json(out)}}
                         .dump()
                  << std::endl;
    }
    return rc;
}
