#include "compiler/sema/model.h"
#include "runtime/state/state.h"
