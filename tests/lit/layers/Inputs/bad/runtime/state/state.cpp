#include "runtime/state/state.h"
#include "compiler/diag/diagnostic.h"
#include <llvm/ADT/StringRef.h>
