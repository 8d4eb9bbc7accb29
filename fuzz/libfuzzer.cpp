// The libFuzzer entry of one fuzz target: SPARKDECK_FUZZ_ENTRY names its function in targets.h.
#include "fuzz/targets.h"

#include <QtGlobal>

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    // Parsers may log (qWarning) what they refuse; at thousands of inputs a second that is noise.
    qInstallMessageHandler([](QtMsgType, const QMessageLogContext&, const QString&) {});
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    return fuzz::SPARKDECK_FUZZ_ENTRY(data, size);
}
