#include "compiler/diag/diagnostic.h"

#include <fmt/format.h>
