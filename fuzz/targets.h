#pragma once

// The fuzz targets: one plain function per parser, shared by the libFuzzer binaries of fuzz/
// (clang, -fsanitize=fuzzer,address,undefined; built by fuzz/run into build/fuzz) and by the Qt
// Test tests/unit/tst_fuzzregressions, which replays fuzz/seeds and fuzz/regressions through them.
//
// Each function takes any bytes (the fuzzer's input), feeds them to its parser and checks what the
// parser promises (see fuzz/README.md for the list). It returns 0, as libFuzzer requires. A broken
// promise is reported through fuzzFail(); memory errors and undefined behaviour are caught by the
// sanitizers of the fuzz build.

#include <cstddef>
#include <cstdint>

namespace fuzz {

using TargetFunction = int (*)(const uint8_t* data, size_t size);

/// One fuzz target: its name (the directory under fuzz/seeds and fuzz/regressions, and the binary
/// fuzz_<name>) and its entry.
struct Target {
    const char* name;
    TargetFunction run;
};

/// Every target, in the order fuzz/run runs them; `count` receives how many.
const Target* targets(size_t* count);

/// Called with a sentence when a harness finds a broken promise (not for crashes). The default
/// (nullptr) prints the sentence to stderr and aborts, which is what libFuzzer reports as a crash;
/// tst_fuzzregressions installs one that records the sentence and lets the harness go on.
using FailureHandler = void (*)(const char* what);
void setFailureHandler(FailureHandler handler);

/// Reports a broken promise through the failure handler.
void fuzzFail(const char* what);

int fuzzKubeconfig(const uint8_t* data, size_t size);
int fuzzYamlDocument(const uint8_t* data, size_t size);
int fuzzWatchStream(const uint8_t* data, size_t size);
int fuzzLogStream(const uint8_t* data, size_t size);
int fuzzCron(const uint8_t* data, size_t size);
int fuzzExecCredential(const uint8_t* data, size_t size);
int fuzzKubeStatus(const uint8_t* data, size_t size);

} // namespace fuzz
