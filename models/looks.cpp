#include "models/looks.h"

namespace model {

namespace {
LookFunction g_lookFunction = nullptr;
} // namespace

void setLookFunction(LookFunction function)
{
    g_lookFunction = function;
}

QVariant look(Look look, const QVariant& value, int role)
{
    return g_lookFunction ? g_lookFunction(look, value, role) : QVariant();
}

} // namespace model
